"""An assessment's optional material (issue 13 §3: "optional evidence"): uploaded with the
school's assessment or the district's graduation, checked like every upload (a disguised
file is refused, nothing saved), listed on the trainee page and downloaded as an
attachment; another school's leader gets 404. XH26-PROB-ASSESS."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.probation.models import Assessment
from tests.personas import World, evidence_pdf
from tests.probation.support import START, on_xuhui, trainee


@pytest.fixture
def xuhui(world: World) -> World:
    return on_xuhui(world)


def _post(client: Any, t: Any, upload: SimpleUploadedFile) -> Any:
    url = reverse("probation:assessment_add", args=[t.school_id, t.pk])
    return client.post(url, {
        "level": "school_process", "assessed_on": str(START), "assessor_name": "德育处",
        "result": "passed", "comment": "", "file": upload,
    })  # fmt: skip


def test_xh26_prob_assess_the_material_is_kept_and_downloaded(
    xuhui: World, client_for: Any
) -> None:
    t = trainee(xuhui, "A1")
    leader = client_for("A1.leader")
    pdf = evidence_pdf("MK-A1-考核评分表")
    response = _post(leader, t, SimpleUploadedFile("考核评分表.pdf", pdf, "application/pdf"))
    assert response.status_code == 302
    record = Assessment.objects.get(trainee=t)
    assert (record.file_name, record.file_type) == ("考核评分表.pdf", "pdf")
    page = leader.get(reverse("probation:trainee_detail", args=[t.school_id, t.pk])).content
    assert "考核材料：考核评分表.pdf" in page.decode()
    url = reverse("probation:assessment_file", args=[t.school_id, t.pk, record.pk])
    download = leader.get(url)
    assert download.status_code == 200 and download.content == pdf
    assert download["Content-Disposition"].startswith("attachment")
    assert client_for("A2.leader").get(url).status_code == 404


def test_xh26_prob_assess_a_disguised_file_is_refused_and_nothing_saved(
    xuhui: World, client_for: Any
) -> None:
    t = trainee(xuhui, "A1")
    fake = SimpleUploadedFile("评分表.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = _post(client_for("A1.leader"), t, fake)
    assert response.status_code == 200
    assert not Assessment.objects.filter(trainee=t).exists()
