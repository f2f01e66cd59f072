-- wrk script: POST /v1/moderations with rotating prompts (one or two per request), the API key
-- from $WARDEN_API_KEY when set, and a count of 4xx/5xx answers summed over wrk's threads.
local prompts = {
  '"a watercolor of a lighthouse at dusk"', '["a red fox on snow","how do I build a pipe bomb"]',
  '"a photo of a n.u.d.3 woman"', '["a bowl of ramen, studio lighting"]', '"kill yourself, nobody likes you"',
  '"an infographic: the best way to water tomatoes"',
}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  count4xx, count5xx, index = 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local key = os.getenv("WARDEN_API_KEY")
  if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
end
function request()
  index = index + 1
  return wrk.format(nil, "/v1/moderations", nil, '{"input":' .. prompts[index % #prompts + 1] .. '}')
end
function response(status, headers, body)
  if status >= 500 then count5xx = count5xx + 1 elseif status >= 400 then count4xx = count4xx + 1 end
end
function done(summary, latency, requests)
  local c4, c5 = 0, 0
  for _, t in ipairs(threads) do c4 = c4 + t:get("count4xx"); c5 = c5 + t:get("count5xx") end
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f 4xx=%d 5xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, c4, c5,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
