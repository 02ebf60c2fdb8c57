-- wrk script for scripts/bench_intake.sh: valid `POST /v1/requests`, each from one of several
-- enterprise clients in turn. The first argument after `--` is a file of `<token> <product id>`
-- lines (written by scripts/bench_intake_data.py); a second argument `keyed` sends every request
-- with an `Idempotency-Key` of its own (what a careful client does). A third argument paces each
-- connection: the mean milliseconds between its requests, each pause drawn uniformly from half to
-- one and a half of it (scripts/bench_pipeline.py offers a steady rate so). Each wrk thread starts at
-- a different client.
local requests = {}
local clients = {}
local keyed = false
local sent = 0
local run = tostring(os.time())
local next_index = 1
local threads = 0

-- Runs in wrk's main state, once per thread: gives each thread its own starting client.
function setup(thread)
  threads = threads + 1
  thread:set("first", threads)
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the token file " .. tostring(args[1]))
  for line in file:lines() do
    local token, product = line:match("^(%S+)%s+(%S+)$")
    if token then
      local body = '{"productId":"' .. product .. '","serviceAreas":["packagingDesign","standardsSystem"],'
        .. '"targetStandard":"tcps","description":"ต้องการยืดอายุการเก็บรักษาผลิตภัณฑ์เป็น 6 เดือน '
        .. 'ออกแบบบรรจุภัณฑ์ใหม่ และยื่นขอ มผช."}'
      clients[#clients + 1] = { token = token, body = body }
      requests[#requests + 1] = wrk.format("POST", "/v1/requests",
        { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
    end
  end
  file:close()
  assert(#requests > 0, "no clients in " .. args[1])
  keyed = args[2] == "keyed"
  local pause = tonumber(args[3])
  if pause then
    -- wrk looks for `delay` after init: defined only when pacing, so unpaced runs pay nothing for it.
    math.randomseed(os.time() + (first or 1))
    delay = function() return pause * (0.5 + math.random()) end
  end
  next_index = ((first or 1) * 3) % #requests
end

function request()
  next_index = next_index % #requests + 1
  if not keyed then return requests[next_index] end
  sent = sent + 1
  local client = clients[next_index]
  return wrk.format("POST", "/v1/requests", { ["Authorization"] = "Bearer " .. client.token,
    ["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-" .. run .. "-" .. tostring(first) .. "-" .. sent },
    client.body)
end
