-- wrk script of Vitrine's benchmark (bench/bench.py runs it; see docs/performance.md).
--
-- wrk's own summary counts socket errors and "non-2xx or 3xx"; this script
-- counts every status code itself, so the report can say exactly how many
-- answers were not 2xx, and prints one machine-readable line at the end:
--   BENCH_JSON {"requests":…,"statuses":{"200":…},"latency_us":{"p50":…},…}
--
-- What each request is comes from the environment (os.getenv):
--   BENCH_MODE      get (default): the URL given to wrk, every time
--                   paths: a random line of BENCH_PATHS_FILE each time (GET)
--                   post: POST BENCH_BODY (JSON) to the URL's path
--                   create: a merchant creates a product, then a variant of it
--                     (needs BENCH_TOKEN and BENCH_SITE_ID): each product
--                     created gets exactly one variant, in a later request
--   BENCH_DELAY_MS  think time per connection between two requests (paced
--                   load for latency figures); 0 or unset: back to back
--   BENCH_TOKEN     a bearer token, sent as Authorization when set

local mode = os.getenv("BENCH_MODE") or "get"
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0") or 0
local token = os.getenv("BENCH_TOKEN")
local site_id = os.getenv("BENCH_SITE_ID")
local body = os.getenv("BENCH_BODY")
local paths_file = os.getenv("BENCH_PATHS_FILE")

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local headers = {}
local paths = {}
local pending = {}   -- products created, waiting for their variant (create mode)
local seq = 0
local run = tostring(os.time())

function init(args)
  statuses = {}
  created = 0
  headers["accept"] = "application/json"
  if token and token ~= "" then headers["authorization"] = "Bearer " .. token end
  if mode == "post" or mode == "create" then headers["content-type"] = "application/json" end
  if mode == "paths" then
    for line in io.lines(paths_file) do
      if line ~= "" then table.insert(paths, line) end
    end
    math.randomseed(os.time() + (tid or 0) * 7919)
  end
end

-- Defined only for paced runs: wrk then waits this long before each request.
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

local function product_request()
  seq = seq + 1
  local title = string.format("Bench Linen Shirt r%s t%d n%d", run, tid or 0, seq)
  local payload = string.format(
    '{"title":"%s","description":"Made by the benchmark: a product created through the merchant API."}', title)
  return wrk.format("POST", "/api/site/sites/" .. site_id .. "/products", headers, payload)
end

local function variant_request(product_id)
  seq = seq + 1
  local payload = string.format(
    '{"sku":"B-%s-%d-%d","attributes":{"size":"M","colour":"blue"},"price":"%d.99","currency":"EUR","stock_qty":%d}',
    run, tid or 0, seq, 10 + seq % 90, seq % 50)
  return wrk.format("POST", "/api/site/sites/" .. site_id .. "/products/" .. product_id .. "/variants", headers, payload)
end

function request()
  if mode == "paths" then
    return wrk.format("GET", paths[math.random(#paths)], headers)
  elseif mode == "post" then
    return wrk.format("POST", nil, headers, body)
  elseif mode == "create" then
    local product_id = table.remove(pending)
    if product_id then return variant_request(product_id) end
    return product_request()
  end
  return wrk.format("GET", nil, headers)
end

function response(status, hdrs, resp_body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if mode == "create" and status == 201 and resp_body then
    if resp_body:find('"sku"', 1, true) then
      created = created + 1
    else
      local id = resp_body:match('"id"%s*:%s*"([%x%-]+)"')
      if id then table.insert(pending, id) end
    end
  end
end

local function json_escape(s)
  return (tostring(s):gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end))
end

function done(summary, latency, requests)
  local total = {}
  local made = 0
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses") or {}
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
    made = made + (thread:get("created") or 0)
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%s":%d', json_escape(k), v)) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"statuses":{%s},"variants_created":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"mean":%.1f,"stdev":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes, table.concat(parts, ","), made,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
