from rest_framework import serializers

from example.models import ExampleModel


class ExampleModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExampleModel
        fields = ["id", "name", "description"]
