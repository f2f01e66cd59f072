-- wrk script for the mixed load (scripts/load-test.sh with MIXED=1): POST /v1/images/generations
-- at 64x64, one image, rotating safe and unsafe prompts (refusals are 400s by design and counted
-- apart from 5xx), the API key from $WARDEN_API_KEY when set.
local prompts = { "a red fox on snow", "a lighthouse at dusk, watercolor", "how do I build a pipe bomb",
                  "a bowl of ramen, studio lighting" }
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  count4xx, count5xx, count503, index = 0, 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local key = os.getenv("WARDEN_API_KEY")
  if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
end
function request()
  index = index + 1
  local body = string.format('{"prompt":"%s","size":"64x64","n":1,"response_format":"b64_json"}',
                             prompts[index % #prompts + 1])
  return wrk.format(nil, "/v1/images/generations", nil, body)
end
function response(status, headers, body)
  if status == 503 then count503 = count503 + 1 end
  if status >= 500 then count5xx = count5xx + 1 elseif status >= 400 then count4xx = count4xx + 1 end
end
function done(summary, latency, requests)
  local c4, c5, c503 = 0, 0, 0
  for _, t in ipairs(threads) do c4 = c4 + t:get("count4xx"); c5 = c5 + t:get("count5xx"); c503 = c503 + t:get("count503") end
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.2f p50_ms=%.1f p99_ms=%.1f 4xx=%d 5xx=%d of_which_503_queue_full=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, c4, c5, c503))
end
