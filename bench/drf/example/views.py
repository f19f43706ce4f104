"""The `example` resource: tessera's filter(name), search(name, description), ordering(id, name), 20 per page
(example.pagination.Pagination, the default pagination class in settings)."""
from rest_framework import viewsets

from example.models import ExampleModel
from example.serializers import ExampleModelSerializer


class ExampleModelViewSet(viewsets.ModelViewSet):
    queryset = ExampleModel.objects.all()
    serializer_class = ExampleModelSerializer
    filterset_fields = ["name"]
    search_fields = ["name", "description"]
    ordering_fields = ["id", "name"]
