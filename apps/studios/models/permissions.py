"""django-guardian's direct-FK object permissions on teams (ARCHITECTURE §4): one group
per team role (`team-<id>-lead`, `team-<id>-member`) holds the team's permission, and a
person gets it by joining the group — never a grant per record or per user."""

from __future__ import annotations

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from apps.core.audit import audited

from .studios import Team


@audited()
class TeamUserObjectPermission(UserObjectPermissionBase):
    """Declared so guardian looks here for a team and not in its generic table; no
    service writes it (grants are to the team's groups)."""

    content_object = models.ForeignKey(Team, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


@audited()
class TeamGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Team, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
