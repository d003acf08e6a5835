from django.urls import path

from . import views

app_name = "evidence"

S = "s/<int:school_id>/evidence"
D = "d/<int:district_id>/evidence"
urlpatterns = [
    # school portal
    path(f"{S}/", views.SchoolEvidenceListView.as_view(), name="school_list"),
    path(f"{S}/new/", views.EvidenceSubmitView.as_view(), name="school_new"),
    path(f"{S}/<int:item_id>/", views.SchoolEvidenceDetailView.as_view(), name="school_detail"),
    path(f"{S}/<int:item_id>/file/", views.SchoolEvidenceFileView.as_view(), name="school_file"),
    path(
        f"{S}/<int:item_id>/withdraw/",
        views.EvidenceWithdrawView.as_view(),
        name="school_withdraw",
    ),
    # district portal
    path(f"{D}/", views.ReviewQueueView.as_view(), name="review_queue"),
    path(f"{D}/<int:item_id>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path(f"{D}/<int:item_id>/file/", views.ReviewFileView.as_view(), name="review_file"),
]
