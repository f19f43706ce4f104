-- POST a new ExampleModel; the name varies per request.
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"name":"bench-%d","description":"created by wrk"}', counter)
  return wrk.format("POST", "/api/example/", {["Content-Type"] = "application/json"}, body)
end
