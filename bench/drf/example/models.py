"""tessera's ExampleModel (modules/example/src/lib.rs), in the same table with the same index on `name`."""
from django.db import models


class ExampleModel(models.Model):
    name = models.CharField(max_length=100, db_index=True)
    description = models.TextField()

    class Meta:
        db_table = "example_models"
        ordering = ["id"]
