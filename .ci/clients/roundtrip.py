"""A round trip through the client openapi-python-client generated from the served document, as its README
shows it: list, create, a validation error, a token, an authenticated create. Fails on any mismatch.

Usage: python roundtrip.py BASE_URL USERNAME PASSWORD   (with the generated package on PYTHONPATH)
"""

import sys
from http import HTTPStatus

from tessera_client import AuthenticatedClient, Client
from tessera_client.api.accounts import accounts_token_create
from tessera_client.api.catalog import catalog_products_create, catalog_products_list
from tessera_client.api.example import example_create, example_list
from tessera_client.models import (
    ExampleModel,
    ExampleModelRequest,
    PaginatedExampleModelList,
    PaginatedProductList,
    Product,
    ProductRequest,
    TokenObtainPair,
    TokenObtainPairRequest,
    ValidationErrors,
)


def expect(what, actual, wanted):
    if actual != wanted:
        sys.exit(f"python client: {what}: got {actual!r}, expected {wanted!r}")
    print(f"python client: {what}: ok")


# The media type of every body the client sent: the document lists JSON only, and JSON is what must go out.
sent_types = []


def record(request):
    if request.content:
        sent_types.append(request.headers.get("content-type"))


def main(base_url, username, password):
    hooks = {"event_hooks": {"request": [record]}}
    client = Client(base_url=base_url, raise_on_unexpected_status=True, httpx_args=hooks)

    created = example_create.sync_detailed(
        client=client, body=ExampleModelRequest(name="python-alpha", description="made by openapi-python-client")
    )
    expect("create status", created.status_code, HTTPStatus.CREATED)
    assert isinstance(created.parsed, ExampleModel), created.parsed
    expect("created name", created.parsed.name, "python-alpha")

    listed = example_list.sync_detailed(client=client, search="python-alpha")
    expect("list status", listed.status_code, HTTPStatus.OK)
    assert isinstance(listed.parsed, PaginatedExampleModelList), listed.parsed
    expect("listed ids", [m.id for m in listed.parsed.results], [created.parsed.id])
    expect("list count", listed.parsed.count, 1)
    expect("next link", listed.parsed.next_, None)

    invalid = example_create.sync_detailed(client=client, body=ExampleModelRequest(name="", description="x"))
    expect("validation status", invalid.status_code, HTTPStatus.BAD_REQUEST)
    assert isinstance(invalid.parsed, ValidationErrors), invalid.parsed
    expect("validation errors", invalid.parsed.to_dict(), {"name": ["This field may not be blank."]})

    anonymous = catalog_products_create.sync_detailed(
        client=client, body=ProductRequest(sku="PY-0", name="Refused", price="1.00")
    )
    expect("create without a token", anonymous.status_code, HTTPStatus.UNAUTHORIZED)

    token = accounts_token_create.sync_detailed(
        client=client, body=TokenObtainPairRequest(username=username, password=password)
    )
    expect("token status", token.status_code, HTTPStatus.OK)
    assert isinstance(token.parsed, TokenObtainPair), token.parsed

    staff = AuthenticatedClient(
        base_url=base_url, token=token.parsed.access, raise_on_unexpected_status=True, httpx_args=hooks
    )
    product = catalog_products_create.sync_detailed(
        client=staff, body=ProductRequest(sku="PY-1", name="Python widget", price="19.99", stock=3)
    )
    expect("authenticated create status", product.status_code, HTTPStatus.CREATED)
    assert isinstance(product.parsed, Product), product.parsed
    expect("price", product.parsed.price, "19.99")
    expect("stock", product.parsed.stock, 3)

    products = catalog_products_list.sync_detailed(client=client, sku="PY-1")
    assert isinstance(products.parsed, PaginatedProductList), products.parsed
    expect("product listed", [p.name for p in products.parsed.results], ["Python widget"])
    expect("bodies sent as", sorted(set(sent_types)), ["application/json"])


if __name__ == "__main__":
    main(*sys.argv[1:4])
