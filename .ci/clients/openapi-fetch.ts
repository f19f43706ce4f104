// A round trip through openapi-fetch with the types openapi-typescript generated from the served document:
// list, create, a validation error, a token, an authenticated create. Exits non-zero on any mismatch.
// Usage: node dist/openapi-fetch.js BASE_URL USERNAME PASSWORD
import createClient from "openapi-fetch";
import type { paths } from "./openapi-typescript/schema";
import { commandLine, expecter, recordingFetch } from "./check";

async function main(baseUrl: string, username: string, password: string): Promise<void> {
  const expect = expecter("openapi-fetch");
  const { fetch, sentTypes } = recordingFetch();
  const client = createClient<paths>({ baseUrl, fetch });

  const created = await client.POST("/api/example/", {
    body: { name: "fetch-alpha", description: "made by openapi-fetch" },
  });
  expect("create status", created.response.status, 201);
  expect("created name", created.data?.name, "fetch-alpha");

  const listed = await client.GET("/api/example/", { params: { query: { search: "fetch-alpha" } } });
  expect("list status", listed.response.status, 200);
  expect("listed ids", listed.data?.results.map((m) => m.id), [created.data?.id]);
  expect("list count", listed.data?.count, 1);
  expect("next link", listed.data?.next, null);

  const invalid = await client.POST("/api/example/", { body: { name: "", description: "x" } });
  expect("validation status", invalid.response.status, 400);
  expect("validation errors", invalid.error, { name: ["This field may not be blank."] });

  const anonymous = await client.POST("/api/catalog/products/", {
    body: { sku: "OF-0", name: "Refused", price: "1.00" },
  });
  expect("create without a token", anonymous.response.status, 401);

  const token = await client.POST("/api/accounts/token/", { body: { username, password } });
  expect("token status", token.response.status, 200);
  const access: string = token.data?.access ?? "";

  const staff = createClient<paths>({ baseUrl, fetch, headers: { Authorization: `Bearer ${access}` } });
  const product = await staff.POST("/api/catalog/products/", {
    body: { sku: "OF-1", name: "Fetch widget", price: "19.99", stock: 3 },
  });
  expect("authenticated create status", product.response.status, 201);
  expect("price", product.data?.price, "19.99");
  expect("stock", product.data?.stock, 3);

  const products = await client.GET("/api/catalog/products/", { params: { query: { sku: "OF-1" } } });
  expect("product listed", products.data?.results.map((p) => p.name), ["Fetch widget"]);
  expect("bodies sent as", [...new Set(sentTypes)], ["application/json"]);
}

main(...commandLine()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
