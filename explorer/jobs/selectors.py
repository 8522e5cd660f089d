"""Reads of fetch-all jobs, always scoped to their owner: another user's job id is simply not found."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import FetchJob


def fetch_job_list(*, user) -> QuerySet[FetchJob]:
    return FetchJob.objects.filter(owner=user).select_related("credential").defer("credential__token",
                                                                                  "credential__secret")


def fetch_job_get(*, user, job_id: int) -> FetchJob | None:
    return fetch_job_list(user=user).filter(pk=job_id).first()
