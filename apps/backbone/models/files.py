"""Files kept by the backbone app (a task entry's evidence, a rectification plan, a
team's research collection), checked by core.files; the bytes in their own table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.tenancy.models import District, School


@audited()
class BackboneFile(TimeStampedModel):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    file_type = models.CharField(max_length=10)
    file_size = models.PositiveIntegerField(_("文件大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("骨干材料")
        verbose_name_plural = _("骨干材料")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.file_name


@audited()
class BackboneFileData(models.Model):
    file = models.OneToOneField(BackboneFile, on_delete=models.CASCADE, related_name="data")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("骨干材料内容")
        verbose_name_plural = _("骨干材料内容")

    def __str__(self) -> str:
        return f"data of {self.file_id}"
