// A round trip through the SDK @hey-api/openapi-ts generated from the served document: list, create, a
// validation error, a token, an authenticated create. Exits non-zero on any mismatch.
// Usage: node dist/hey-api.js BASE_URL USERNAME PASSWORD
import { createClient } from "./hey-api/client";
import {
  accountsTokenCreate,
  catalogProductsCreate,
  catalogProductsList,
  exampleCreate,
  exampleList,
} from "./hey-api/sdk.gen";
import { commandLine, expecter, recordingFetch } from "./check";

async function main(baseUrl: string, username: string, password: string): Promise<void> {
  const expect = expecter("hey-api");
  const { fetch, sentTypes } = recordingFetch();
  const client = createClient({ baseUrl, fetch });

  const created = await exampleCreate({
    client,
    body: { name: "hey-alpha", description: "made by @hey-api/openapi-ts" },
  });
  expect("create status", created.response.status, 201);
  expect("created name", created.data?.name, "hey-alpha");

  const listed = await exampleList({ client, query: { search: "hey-alpha" } });
  expect("list status", listed.response.status, 200);
  expect("listed ids", listed.data?.results.map((m) => m.id), [created.data?.id]);
  expect("list count", listed.data?.count, 1);
  expect("next link", listed.data?.next, null);

  const invalid = await exampleCreate({ client, body: { name: "", description: "x" } });
  expect("validation status", invalid.response.status, 400);
  expect("validation errors", invalid.error, { name: ["This field may not be blank."] });

  const anonymous = await catalogProductsCreate({
    client,
    body: { sku: "HEY-0", name: "Refused", price: "1.00" },
  });
  expect("create without a token", anonymous.response.status, 401);

  const token = await accountsTokenCreate({ client, body: { username, password } });
  expect("token status", token.response.status, 200);
  const access: string = token.data?.access ?? "";

  // The SDK sends the token to the operations that name the bearer scheme.
  const staff = createClient({ baseUrl, fetch, auth: access });
  const product = await catalogProductsCreate({
    client: staff,
    body: { sku: "HEY-1", name: "Hey widget", price: "19.99", stock: 3 },
  });
  expect("authenticated create status", product.response.status, 201);
  expect("price", product.data?.price, "19.99");
  expect("stock", product.data?.stock, 3);

  const products = await catalogProductsList({ client, query: { sku: "HEY-1" } });
  expect("product listed", products.data?.results.map((p) => p.name), ["Hey widget"]);
  expect("bodies sent as", [...new Set(sentTypes)], ["application/json"]);
}

main(...commandLine()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
