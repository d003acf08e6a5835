"""The reports app's API views (the notices' live under /api/v1/me/notices/)."""
