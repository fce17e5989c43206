"""URLs of the reports app, one module per feature so each can grow on its own."""

from reports import urls_documents, urls_progress
from reports.rollups import urls as urls_rollups
from reports.dashboard import urls as dashboard_urls
from reports.letters import urls as letters_urls

app_name = "reports"

urlpatterns = urls_documents.urlpatterns + urls_progress.urlpatterns + urls_rollups.urlpatterns
urlpatterns += dashboard_urls.urlpatterns + letters_urls.urlpatterns
