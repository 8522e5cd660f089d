"""Errors of the onOffice protocol package and the vendor's error-code catalogue with plain hints.

The catalogue is onOffice's list of codes and texts as transcribed in
github.com/innobraingmbh/laravel-onoffice-adapter (src/Enums/OnOfficeError.php); https://apidoc.onoffice.de/fehler/
documents only the envelope and 97. Hints say where users go wrong (token/secret lengths, server clock,
API-user rights, case-sensitive field names: https://apidoc.onoffice.de/allgemeine-hinweise/).
"""

from __future__ import annotations

from dataclasses import dataclass


class OnOfficeError(Exception):
    """Base of every error this package raises. Messages never contain credentials."""


class TransportError(OnOfficeError):
    """The HTTP exchange failed: nothing usable came back.

    `kind` is one of: connect, timeout, deadline, too_large, incomplete, redirect, http.
    `reached_server` is False only when the request provably never left (safe to re-send).
    """

    def __init__(self, message: str, *, kind: str, reached_server: bool = True, http_status: int | None = None,
                 body: bytes = b"", clock_skew: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.reached_server = reached_server
        self.http_status = http_status
        self.body = body
        self.clock_skew = clock_skew


class ResponseFormatError(OnOfficeError):
    """The server answered, but not with a usable onOffice envelope."""


ERROR_MESSAGES: dict[int, str] = {
    0: 'OK',
    1: 'Unknown error occurred',
    3: 'The maximum stack depth has been exceeded',
    4: 'Invalid or malformed JSON',
    5: 'Control character error, possibly incorrectly encoded',
    6: 'Syntax error',
    7: 'Malformed UTF-8 characters, possibly incorrectly encoded',
    8: 'Unknown error during JSON conversion',
    9: 'Empty request',
    13: 'Missing or invalid element: token',
    14: 'Missing or invalid element: request',
    15: 'Missing or invalid element: actions',
    16: 'Missing or invalid attribute: actionid',
    17: 'Empty attribute: actionid',
    18: 'Missing or invalid attribute: resourceid',
    19: 'Missing or invalid attribute: resourcetype',
    20: 'Missing or invalid element: parameters',
    21: 'Empty parameter name',
    22: 'Not authenticated',
    23: 'Missing configuration for actionId "%s"',
    24: 'Missing configuration for resourceId "%s"',
    25: 'Missing configuration for resourceType "%s"',
    26: 'Action processor must be an instance of SmartMlInterfaceActionProcessor',
    27: 'Instance of XmlSmartMlData expected',
    28: 'Error during client registration!',
    29: 'Error during client removal!',
    30: 'Error retrieving client information',
    31: 'Error updating client information!',
    32: 'Error retrieving client ids',
    34: 'Error creating token',
    35: 'Error revoking token',
    36: 'Error updating token expiration date',
    37: 'Error getting token data!',
    38: 'Missing authentication type',
    39: 'Unknown authentication type',
    40: 'Invalid user credentials',
    41: 'Customer unknown!',
    42: 'Customer is not active!',
    43: 'User unknown!',
    44: 'Invalid refresh token credentials. Some informations are empty!',
    45: 'Refresh token is not valid!',
    46: 'Clientid mismatch',
    47: 'Client does not exist!',
    48: 'Client access revoked!',
    49: 'Secret is wrong!',
    50: 'Missing email identity',
    51: 'Invalid email identity',
    52: 'List of receivers is not an array',
    53: 'Missing receivers',
    54: 'Invalid pdf exposé identifier',
    55: 'Invalid receivers',
    56: 'Error during sending mail!',
    57: 'Macro needs object and expose!',
    58: 'Missing message id',
    59: 'Missing email uid',
    60: 'Missing email folder',
    61: 'Error during email retrieval',
    62: 'Email does not exist (anymore)',
    63: 'Mismatching message id',
    64: 'Wrong format for addressId',
    65: 'Wrong format for estateId',
    67: 'Index must be positiv!',
    68: 'Index must be numeric!',
    69: 'Search cannot be empty',
    70: 'Error fetching record entries',
    71: 'Missing template type',
    72: 'Invalid template type',
    73: 'EstateIds must be an array',
    74: 'Given element or parameter was expected to be an array',
    75: 'Unknown field: "%s"',
    76: 'Invalid multiselect key: %s',
    77: 'Invalid singleselect key: %s',
    78: 'Entry could not be created',
    79: 'Missing record id',
    80: 'Unknown record. Record may not exist or the permission rights are not set accordingly for this action.',
    81: 'Missing type for address phone action',
    82: 'Invalid type for address phone action',
    83: 'Unknown address phone record',
    84: 'Invalid address phone record',
    85: 'Missing address phone value',
    86: 'Missing address phone record identifier',
    87: 'Ambiguous address phone record identifier',
    88: 'Entry could not be modified',
    89: 'Missing device type',
    90: 'Unknown device type',
    91: 'Start date missing',
    92: 'End date missing',
    93: 'Start date is greater than end date',
    94: 'Unknown email folder "%s"',
    95: 'Unknown search criteria',
    96: 'Missing address record id',
    97: 'Error in action',
    98: 'Missing relation to address and/or estate record',
    99: 'Address record ids not in array',
    100: 'Unknown kind of action "%s"',
    101: 'Unknown type of action "%s"',
    102: 'Missing accountname or password',
    103: 'Unknown account',
    104: 'User is not active',
    105: 'Username or password incorrect. 4 tries remaining',
    106: 'Username or password incorrect. 3 tries remaining',
    107: 'Username or password incorrect. 2 tries remaining',
    108: 'Username or password incorrect. 1 try remaining',
    109: 'Missing registry key',
    110: 'Missing estate record id',
    111: 'Missing or invalid data for PDF generation',
    112: 'PDF generation failed',
    113: 'Missing note',
    114: 'Missing file name',
    115: 'PDF data null after generation',
    116: 'Missing date',
    117: 'Missing appointment ID',
    119: 'Missing effective date',
    121: 'Invalid appointment id',
    122: 'Invalid date',
    123: 'Error closing appointment tracking entry',
    124: 'Error creating appointment tracking entry',
    125: 'Missing text for resolver',
    126: 'Text resolving failed',
    127: 'File not found',
    129: 'Fileupload is missing temporary upload file',
    130: 'No survey id or no survey with given id found in database',
    131: 'Address creation without proper user rights',
    132: 'No or unknown relation given',
    133: 'No email for given message id',
    134: 'Type of user not allowed for login',
    135: 'Unknown login state',
    136: 'Your timestamp is too old or your server time is wrong.',
    137: 'The HMAC is invalid.',
    138: 'Unknown field in task data',
    139: 'Missing params "picture categories" or "estateids"',
    141: 'Unknown field: %s',
    142: 'Unknown operator: %s',
    143: 'Unknown field in estate data: %s',
    144: 'Invalid field in input data: "%s"',
    145: 'Unknown field: %s',
    146: 'Invalid recipient',
    148: 'No mails sent',
    149: 'No read permission for this estate',
    150: 'Username or password incorrect. Account disabled',
    151: 'The search string has not enough characters',
    152: 'Unsupported address completion mode',
    153: 'Token data by given access token invalid',
    154: 'Unknown calendar field',
    155: 'Missing permission check in action processor',
    156: 'Access violation',
    158: 'Access from this IP not allowed',
    159: 'Error from call to pdftk',
    160: 'Invalid language: "%s"',
    161: 'Document attribute exists',
    162: 'Invalid file type',
    163: 'Invalid name for module',
    164: 'Incomplete parameters for geo range search',
    165: 'Tried to send a message to a unknown user/room',
    166: 'Error finding dependent field values',
    167: 'Missing parameter "%s"',
    168: 'Entry could not be deleted',
    169: 'Appointment not found',
    170: 'No read permission for this user',
    171: 'No singleselect- or multiselect field',
    172: 'Invalid image format',
    173: 'Could not create relation between address and estate',
    174: 'Missing permission to perform modify call',
    175: 'Customer context switch failed',
    176: 'User context switch failed',
    177: 'Parameter cache does not exist',
    178: 'Missing entries in parameter cache',
    179: 'Could not create relation cause of invalid relationinfos',
    180: 'Could not modify relation, relation does not exist',
    181: 'Could not modify relation, invalid relationinfos given',
    182: 'Could not modify relation, relation is not updateable',
    183: 'User access not granted',
    184: 'User id is not existing or inactive',
    185: 'Missing or invalid record ids',
    186: 'Userid must be an integer',
    187: 'Given element or parameter was not expected to be an array',
    188: 'The user data could not be found',
    189: 'The transaction could not be found',
    190: 'The time to call the transaction has expired',
    191: 'No read access to email template',
    192: 'Tried to read messages from an unknown user/room',
    193: 'Parameter extendedclaim is required, but missing, empty or invalid',
    194: 'Wrong type for at least one of %s',
    196: 'Parameter objids is required, but missing',
    198: 'Resourceid %s is no main Id',
    199: 'Not implemented',
    201: 'Parameter "extendedclaim" is outdated',
    202: 'Invalid username or password for Z-Push login',
    203: 'Z-Push account locked. Too many invalid login requests',
    204: 'Unknown searchcriteria mode',
    205: 'Transaction-Id does not match to the customer: %s!',
    206: 'Unknown Z-Push address phone mapping %s',
    207: 'Empty Z-Push address phone mapping',
    208: 'Using parameter zpmapping is not allowed when using other parameters for phone/fax/email.',
    209: 'Missing key value(s) in zpmapping: %s.',
    210: "Transaction can't be refunded: %s.",
    211: 'Email could not be sent!',
    212: 'Unknown sort field.',
    213: 'Invalid filename',
    214: 'Invalid price format!',
    215: 'Parameter %s must not be null!',
    216: 'Sync module for customer is not active!',
    217: 'Sync (Outlooksync) flag for enterprise user is disabled!',
    218: 'ZPush is not active for this user!',
    219: 'n:n relations are not allowed',
    220: 'unknown origincontact: %s',
    221: 'unknown feature: %s',
    222: 'invalid value for cost: not numeric or less than 0: %s',
    223: 'invalid value for duration: not numeric or less than 0: %s',
    224: 'can not set reason of cancellation: advisory level missing',
    225: 'unknown advisory level: %s',
    226: 'unknown reason of cancelation: %s',
    227: 'Given element or parameter was expected to be a string: %s',
    228: 'Given element or parameter was expected to be an integer: %s',
    229: 'Given element or parameter was expected to be an float: %s',
    230: 'missing date interval',
    231: 'invalid date interval',
    232: 'Multiselect fields can only be filtered with =, !=, like, not like, in and not in',
    233: 'missing email template',
    235: 'Unknown record id %s',
    236: 'Parameter "data" must be of type string',
    237: 'Missing Filter Beratungsebene for %s',
    238: 'the attachment is too big',
    239: 'Upload failed. Estate already has a title picture.',
    240: 'Call for Marketplace Api-Users not allowed',
    241: 'Filters can only be used when reading out appointments of a period.',
    242: 'Error while sending. The size of the attachment may have been exceeded.',
    243: 'The HMAC is invalid. "%s" should be passed as string',
    244: 'When attaching an exposé only one pdf letter can be attached',
    245: 'No read access to pdf form',
    246: 'No read access to pdf letter',
    247: 'Missing or invalid element: action',
    248: 'No matching extendedclaim',
    249: 'Invalid zpushuuid',
    250: 'Maximum length (300) of zpushuuid exceeded',
    251: 'Unknown user %s',
    252: 'Unknown value in select field "%s"',
    253: 'No access to %s',
    254: 'Missing mandatory field "%s"',
    255: 'Invalid value for parameter "%s"',
    256: 'Parameter listlimit is mandatory and must be 0.',
    257: 'An error occurred while validating the filter: %s',
    258: 'The default entry for %s must be passed also as normal, private or business entry!',
    259: 'An error occurred modifying the default entry: %s',
    260: 'The default entry for phone must be passed also as normal, private, business or mobile entry!',
    261: 'Missing write right for address(es) with id(s) %s',
    262: 'Missing write right for estate(s) with id(s) %s',
    263: 'Address must be a real estate agent',
    264: 'Too many items in worklist',
    265: 'Too few items in worklist',
    266: 'WorkingList name already exists',
    267: 'Cannot set visibility',
    268: 'Cannot set STV Flag',
    269: 'WorkingList type not allowed',
    270: 'Wrong parameter type for %s',
    271: 'Invalid web exposé identifier',
    272: 'Invalid Group ID',
    273: 'WorkingList name cannot be empty',
    274: 'Mail already deleted',
    275: 'Mail couldn’t be deleted',
    276: 'Mail could not be found',
    277: 'Mail couldn’t be moved',
    278: 'Deauthenticate can only be called at the end',
    279: 'Unknown resourceId',
    281: 'Flag could not be set',
    282: 'No valid parameter given!',
    283: 'Email could not be found!',
    284: 'The requested filterid %s is unknown',
    285: 'Mail could not be loaded',
    286: 'User %s is not active',
    287: 'Folder not found!',
    288: 'Start modified date is greater than end modified date',
    289: 'Missing date period',
    290: 'Parameter location holds wrong values - Keys address, estate, user and group must carry integer values',
    291: 'Fieldname is not a string',
    292: 'Unknown address record id. Record may not exist or the permission rights are not set accordingly for this action.',
    293: 'Unknown estate record id. Record may not exist or the permission rights are not set accordingly for this action.',
    294: 'Invalid data type for parameter %s',
    295: 'Given groups has to be an array of IDs',
    297: 'Either addressId or addressIds is allowed. Both are given.',
    298: 'AddressIds must be of type array',
    299: 'AddressIds values must be of type integer',
    300: 'Invalid address phone value',
    301: 'Given users has to be an array of IDs',
    302: 'This action support only up to 500 Ids',
    303: 'Error creating request',
    304: 'Module and view parameters must not be empty',
}

AUTH_CODES = frozenset({13, 22, 40, 41, 43, 49})
UNKNOWN_FIELD_CODES = frozenset({75, 138, 141, 143, 145, 154})
RIGHTS_CODES = frozenset({80, 131, 149, 156, 170, 174, 183, 253, 261, 262, 292, 293})

_FIELD_HINT = (
    "Field names are case-sensitive and come from the field configuration (fields get, or in enterprise "
    "Extras > Settings > Administration > input fields). Deactivated fields are refused too."
)
_RIGHTS_HINT = (
    "This usually means the API user lacks rights: set them under Extras > Settings > User > API user > "
    "Rights; \"only own\" is rarely enough, and with \"can only see published records\" only records "
    "published on the website are visible."
)


def message_for(code: int) -> str:
    return ERROR_MESSAGES.get(code, "Unknown error code")


def hint_for(code: int, *, clock_skew: float | None = None, hmac_version: int = 2) -> str:
    """A plain-words hint for an error code; empty when there is nothing to add to the vendor message."""
    if code in AUTH_CODES:
        return (
            "Not authenticated: check the token and secret. The token has 32 characters and the secret 64; "
            "a different length means a copy mistake, and a 64-character token means token and secret are swapped."
        )
    if code == 136:
        skew = ""
        if clock_skew is not None:
            skew = f" The measured difference between this server and onOffice is {clock_skew:+.0f} s."
        return (
            "The timestamp must be within ±120 s of onOffice's clock. Check this server's clock (NTP)."
            + skew
            + " A difference of about one or two hours means a wrong time zone or summer/winter time setting."
        )
    if code in (137, 243):
        hint = "The signature does not match: check the secret (64 characters) and that token and secret belong together."
        if hmac_version == 1:
            hint += (
                " With the legacy v1 HMAC the parameters are signed too: send floats as strings and let the "
                "explorer encode `/` and umlauts; or switch to HMAC v2."
            )
        return hint
    if code in UNKNOWN_FIELD_CODES:
        return _FIELD_HINT
    if code in (76, 77, 252):
        return "Select values are keys, not labels: take them from the field's permitted values."
    if code in RIGHTS_CODES or code == 79:
        return _RIGHTS_HINT
    if code in (23, 24, 25):
        return "This action is not available for this resource type (resource types are case-sensitive, e.g. estateCategories)."
    if code == 142:
        return "Valid operators: =, is, !=, <>, <, >, <=, >=, between, like, not like, in, not in."
    if code == 232:
        return "Multiselect fields take only =, !=, like, not like, in and not in."
    if code in (4, 5, 6, 7, 8, 9):
        return "The request body is not valid JSON."
    if code == 219:
        return "Relations are 1:n in either direction; give one parent or one child id."
    return ""


EMPTY_RESULT_HINT = (
    "No records. If you expected some: the API user may lack read rights, or may only see records "
    "published on the website; filters are ANDed."
)


@dataclass(frozen=True)
class ErrorExplanation:
    code: int
    message: str
    hint: str


def explain(code: int, message: str = "", *, clock_skew: float | None = None, hmac_version: int = 2) -> ErrorExplanation:
    return ErrorExplanation(
        code=code,
        message=message or message_for(code),
        hint=hint_for(code, clock_skew=clock_skew, hmac_version=hmac_version),
    )
