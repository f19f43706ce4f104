"""/api/example/ and /api/example/<id>/ through DRF's DefaultRouter, as tessera mounts its example module."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from example.views import ExampleModelViewSet

router = DefaultRouter()
router.register("example", ExampleModelViewSet)

urlpatterns = [path("api/", include(router.urls))]
