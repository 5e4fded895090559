-- wrk script: POST /v1/token cycling through distinct tokens (one per line in TOKENS_FILE).
local tokens = {}
local role = os.getenv("ROLE") or "bench-es256"
for line in io.lines(os.getenv("TOKENS_FILE") or "target/load/tokens.txt") do tokens[#tokens + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local prefix = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
  .. "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt&audience=" .. role .. "&subject_token="
request = function()
  i = i % #tokens + 1
  return wrk.format(nil, nil, nil, prefix .. tokens[i])
end
local errors = 0
response = function(status) if status ~= 200 then errors = errors + 1 end end
done = function(summary, latency)
  io.write(string.format("wrk: requests=%d throughput=%.0f/s p50=%.2fms p99=%.2fms p99.9=%.2fms non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, summary.errors.status))
end
