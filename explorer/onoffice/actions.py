"""Action ids and the resource-type catalogue of the onOffice API.

Sources: the action URNs as the official PHP SDK defines them (github.com/onOfficeGmbH/sdk,
src/onOfficeSDK.php; also listed at https://apidoc.onoffice.de/allgemeine-hinweise/#Request_types), the resource
types from their pages on apidoc (the paths below, relative to DOC_BASE).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

DOC_BASE = "https://apidoc.onoffice.de"


URN_PREFIX = "urn:onoffice-de-ns:smart:2.5:"
ACTION_PREFIX = f"{URN_PREFIX}smartml:action:"


class ActionKind(StrEnum):
    READ = "read"
    CREATE = "create"
    MODIFY = "modify"
    GET = "get"
    DO = "do"
    DELETE = "delete"

    @property
    def urn(self) -> str:
        return f"{ACTION_PREFIX}{self.value}"

    @property
    def is_write(self) -> bool:
        return self not in (ActionKind.READ, ActionKind.GET)

    @classmethod
    def from_urn(cls, urn: str) -> ActionKind | None:
        if isinstance(urn, str) and urn.startswith(ACTION_PREFIX):
            try:
                return cls(urn.removeprefix(ACTION_PREFIX))
            except ValueError:
                return None
        return None


# Only successful read/get results are cacheable (https://apidoc.onoffice.de/allgemeine-hinweise/#Cache).
CACHEABLE_ACTIONS = frozenset({ActionKind.READ, ActionKind.GET})


@dataclass(frozen=True)
class ResourceType:
    name: str
    actions: frozenset[ActionKind]
    description: str
    doc_path: str
    key_parameters: tuple[str, ...] = ()
    # resourceid is a sub-type selector for some types (search → estate/address/searchcriteria).
    resource_ids: tuple[str, ...] = ()
    # Field-configuration module backing this type, if any (drives the field dropdown).
    module: str | None = None
    list_limit_max: int | None = None
    # Parameters of create/modify when they differ from the read/get ones.
    write_parameters: tuple[str, ...] = ()
    # Where create/modify take the record's fields: inside "data", or "" at the top level of parameters.
    write_fields: str | None = None

    @property
    def doc_url(self) -> str:
        return DOC_BASE + self.doc_path


def _rt(name, actions, description, doc_path, key_parameters=(), **extra) -> ResourceType:
    return ResourceType(
        name=name,
        actions=frozenset(ActionKind(a) for a in actions.split()),
        description=description,
        doc_path=doc_path,
        key_parameters=tuple(key_parameters.split()) if isinstance(key_parameters, str) else key_parameters,
        **extra,
    )


_READ_LIST = "data filter filterid listlimit listoffset sortby sortorder formatoutput outputlanguage"

CATALOGUE: dict[str, ResourceType] = {
    rt.name: rt
    for rt in (
        _rt("estate", "read create modify", "Estates (properties): list, read, create and modify records.",
            "/actions/datensatz-lesen/objekte/",
            _READ_LIST + " estatelanguage addestatelanguage addMainLangId georangesearch addMobileUrl",
            module="estate", list_limit_max=500, write_fields="data"),
        _rt("address", "read create modify", "Addresses (contacts); create/modify take fields at the top level of parameters.",
            "/actions/datensatz-lesen/adressen/",
            _READ_LIST + " recordids countryIsoCodeType addMobileUrl", module="address", list_limit_max=500,
            write_parameters=("checkDuplicate", "noOverrideByDuplicate"), write_fields=""),
        _rt("search", "get", "Quick search in estates, addresses or suitable search criteria (resourceid picks which).",
            "/actions/informationen-abfragen/suche/", "input sortby sortorder listlimit searchparameter",
            resource_ids=("estate", "address", "searchcriteria")),
        _rt("fields", "get", "Field configuration: field names, types, labels and permitted values per module.",
            "/actions/informationen-abfragen/feldkonfiguration/",
            "labels language modules fieldList showfieldfilters showfielddependencies realDataTypes showFieldMeasureFormat"),
        _rt("estatepictures", "get", "Pictures of estates released for the website or API.",
            "/actions/informationen-abfragen/auf-homepage-veroeffentlichte-objektbilder/",
            "estateids categories size language publicationSetting"),
        _rt("file", "get", "Files of an estate, address or appointment (resourceid picks which; max 100 per call).",
            "/actions/informationen-abfragen/objektdateien/",
            "estateid addressid appointmentid fileid includeImageUrl listlimit listoffset",
            resource_ids=("estate", "address", "appointment"), list_limit_max=100),
        _rt("fileRelation", "modify delete", "Meta data of files attached to records.",
            "/actions/datensatz-bearbeiten/files/", "relationtype parentid fileId language title"),
        _rt("uploadfile", "do", "Upload a file in blocks, then attach it to a record.",
            "/actions/aktionen-ausfuehren/dateiupload/", "data tmpUploadId module relatedRecordId file Art"),
        _rt("estateCategories", "get", "Estate kinds (objektart) and their types (objekttyp).",
            "/actions/informationen-abfragen/estate-categories/"),
        _rt("filters", "get", "Saved enterprise filters of a module (ids for filterid).",
            "/actions/informationen-abfragen/filter/", "module"),
        _rt("workinglist", "create", "Create a working list of records.",
            "/actions/datensatz-anlegen/arbeitsliste/", "listName type visibility ids"),
        _rt("pdf", "get do", "Generate a PDF exposé of an estate.",
            "/actions/aktionen-ausfuehren/generierung-eines-pdf-exposes/", "estateid template language gzcompress"),
        _rt("priceOffer", "get do", "Price offers on an estate.", "/actions/informationen-abfragen/priceoffer/",
            "estateId addressId priceOffer"),
        _rt("estatetrackingdetails", "get", "Tracking details of an estate.",
            "/actions/informationen-abfragen/estatetrackingdetails/"),
        _rt("qualifiedsuitors", "get", "Qualified suitors for estate data (Immomatching).",
            "/actions/informationen-abfragen/qualifiedsuitors/", "estatedata"),
        _rt("statisticWidgets", "get", "Statistic widgets of a module.",
            "/actions/informationen-abfragen/statisticwidgets/", "module"),
        _rt("confignewaddressfields", "get", "Select values of address fields (resourceid fieldvalues).",
            "/actions/informationen-abfragen/single-and-multiselect-values/", "fieldname",
            resource_ids=("fieldvalues",)),
        _rt("addressCompletionFields", "get", "Fields an address can be asked to complete.",
            "/actions/informationen-abfragen/addresscompletionfields/"),
        _rt("sendaddresscompletion", "do", "Send an address-completion e-mail.",
            "/actions/aktionen-ausfuehren/sendaddresscompletion/", "addressId mode emailidentity"),
        _rt("registerNewsletter", "do", "Register or unregister an address for the newsletter (resourceid = address id).",
            "/actions/aktionen-ausfuehren/registernewsletter/", "register"),
        _rt("contactaddress", "do", "Contact form submission (used by the WordPress plugin).",
            "/actions/aktionen-ausfuehren/contactaddress/", "addressdata estateid message subject"),
        _rt("searchcriteria", "create modify delete", "A buyer's search criteria (profile): create, modify, delete.",
            "/actions/datensatz-anlegen/suchkriterien/", "addressid data", module="searchcriteria",
            write_parameters=("addressid",), write_fields="data"),
        _rt("searchcriterias", "get", "Read search criteria by address ids, customer numbers or criteria ids.",
            "/actions/informationen-abfragen/suchkriterien/", "mode ids listlimit listoffset sortby sortorder filter",
            list_limit_max=500),
        _rt("searchCriteriaFields", "get", "Fields of search criteria by category.",
            "/actions/informationen-abfragen/suchkriterienfelder/", "language additionalTranslations"),
        _rt("relation", "create modify delete", "Relations between records (owner, buyer, contact person, units ...).",
            "/actions/datensatz-anlegen/relationen/", "relationtype parentid childid relationinfo"),
        _rt("idsfromrelation", "get", "Ids related to given parent or child ids for one relation type.",
            "/actions/informationen-abfragen/relationen/", "relationtype parentids childids"),
        _rt("agentslog", "read create modify", "Activities (agents log): read, create and modify entries.",
            "/actions/datensatz-lesen/maklerbuch/",
            "data estateid addressid filter listlimit listoffset sortby sortorder",
            module="agentsLog", list_limit_max=500,
            write_parameters=("actionkind", "actiontype", "datetime", "note", "addressids", "estateid", "duration")),
        _rt("actionkindtypes", "get", "Kinds and types of action for activities.",
            "/actions/informationen-abfragen/aktionsart-und-typ/", "lang"),
        _rt("task", "read create modify", "Tasks: read, create and modify.", "/actions/datensatz-lesen/aufgaben/",
            "data filter listlimit relatedAddressId relatedEstateId", module="task", list_limit_max=500,
            write_parameters=("relatedAddressId", "relatedEstateId"), write_fields="data"),
        _rt("calendar", "read create modify delete", "Appointments (read is deprecated; use appointmentList).",
            "/actions/datensatz-lesen/termine/", "datestart dateend data filter", module="calendar",
            write_parameters=("relatedAddressIds", "relatedEstateId"), write_fields="data"),
        _rt("appointmentList", "get", "Appointments of a period.", "/actions/informationen-abfragen/get-appointments-list/",
            "data filter"),
        _rt("users", "get", "Users of the enterprise client.", "/actions/informationen-abfragen/get-users/",
            "userfilter groupId"),
        _rt("user", "read", "User records (needs the right to read user data).", "/actions/datensatz-lesen/user/",
            "data filter sortby listlimit listoffset", module="user", list_limit_max=500),
        _rt("groups", "get", "User groups.", "/actions/informationen-abfragen/groups/"),
        _rt("basicsettings", "read", "Basic settings (logo, colours, claim); a cheap credentials probe.",
            "/actions/datensatz-lesen/read-basic-settings/", "data"),
        _rt("impressum", "read", "Imprint data of the client or a user.", "/actions/datensatz-lesen/read-imprint/",
            "data language formatoutput"),
        _rt("regions", "get", "Regions with their postal codes.", "/actions/informationen-abfragen/regionen/", "language"),
        _rt("multiselectconfiguration", "get", "Configuration of multiselect fields.",
            "/actions/informationen-abfragen/get-multiselect-configuration/", "module fields language"),
        _rt("distinctValues", "get", "Values a field actually holds in a module, with labels (used by the WordPress plugin).",
            "/actions/informationen-abfragen/", "module field language filter filterid"),
        _rt("templates", "get", "E-mail and PDF templates.", "/actions/informationen-abfragen/email-pdf-expose-vorlagen/",
            "type folderid"),
        _rt("sendmail", "do", "Send an e-mail.", "/actions/aktionen-ausfuehren/email-versenden/",
            "emailidentity receiver subject body templateid"),
        _rt("macroresolve", "get", "Resolve macros in a text.", "/actions/informationen-abfragen/macroresolve/",
            "text estateids addressids"),
        _rt("getlink", "get", "Link to a record in onOffice enterprise.", "/actions/informationen-abfragen/getlink/",
            "recordId type"),
        _rt("log", "read", "Log entries (listlimit is mandatory).", "/actions/datensatz-lesen/log/",
            "listlimit listOffset module user action filter", list_limit_max=500),
        _rt("recordsLastSeen", "read", "Records last seen by users.", "/actions/datensatz-lesen/records-last-seen/",
            "module listlimit user filter", list_limit_max=500),
        _rt("unlockProvider", "do", "Marketplace: unlock a provider.", "/marketplace/unlock-provider/",
            "parameterCacheId extendedclaim isRegularCustomer"),
    )
}

# Relation type URNs as listed at https://apidoc.onoffice.de/actions/informationen-abfragen/relationen/,
# grouped by parent module.
RELATION_PREFIX = f"{URN_PREFIX}relationTypes:"
RELATION_TYPES: tuple[str, ...] = tuple(
    RELATION_PREFIX + suffix
    for suffix in """
    estate:address:buyer estate:address:renter estate:address:tenant estate:address:owner
    estate:address:interested estate:address:contactPerson estate:address:contactPersonAll estate:address:matching
    estate:estateUnit estate:user:officer estate:user:assignment estate:allFiles estate:file:titelbild
    estate:file:grundriss estate:file:foto estate:file:allpictures estate:file:alllinks
    estate:file:allpicturesExceptTitelbild estate:mail
    address:estate:tipp address:estate:offer address:estate:contacted address:estate:offerByAgentsLog
    address:estate:matching address:address:isTippgeberOf address:user:officer address:user:additionalOfficers
    address:user:strangeNameRelation address:user:sync address:file:attachment address:searchcriteria
    address:process address:resubmission address:mail address:contact:address
    calendar:address calendar:estate calendar:file:attachment
    task:address task:estate task:file:attachment
    agentsLog:address agentsLog:estate agentsLog:file:attachment agentsLog:attachment:download
    agentsLogMail:address agentsLogMail:estate
    project:address project:estate project:agentslog project:calendar project:file:attachment project:task:customer
    complex:estate:units customer:address:contact estateTracking:estate user:address user:address:birthday
    user:messengerUser:is billing:estate job:estate templateManagement:email:attachment
    templateManagement:email:documentAttributes
    """.split()
)


@dataclass(frozen=True)
class Action:
    """One unsigned action as a user composes it."""

    kind: ActionKind
    resourcetype: str
    resourceid: str | int = ""
    identifier: str = ""
    parameters: dict = field(default_factory=dict)

    @property
    def actionid(self) -> str:
        return self.kind.urn

    def as_dict(self) -> dict:
        """The action without signature fields: safe to log and to save."""
        return {
            "actionid": self.actionid,
            "identifier": self.identifier,
            "parameters": self.parameters,
            "resourceid": self.resourceid,
            "resourcetype": self.resourcetype,
        }
