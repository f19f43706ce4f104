-- PATCH one field of rows 1..500 in turn.
local counter = 0
request = function()
  counter = counter + 1
  local path = string.format("/api/example/%d/", (counter % 500) + 1)
  return wrk.format("PATCH", path, {["Content-Type"] = "application/json"}, '{"description":"patched by wrk"}')
end
