-- wrk script: POST a token request per line of TOKENS_FILE (distinct tokens, cycled), and count every response that is
-- not a 200 with an access token in its body. BODY_PREFIX (form fields, URL-encoded, ending in the field that takes the
-- token) defaults to the broker's token exchange for audience ROLE; bench/keycloak-compare.sh sets Keycloak's grant.
local tokens = {}
local role = os.getenv("ROLE") or "bench-es256"
for line in io.lines(os.getenv("TOKENS_FILE") or "target/load/tokens.txt") do tokens[#tokens + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local prefix = os.getenv("BODY_PREFIX") or ("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
  .. "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt&audience=" .. role .. "&subject_token=")
request = function()
  i = i % #tokens + 1
  return wrk.format(nil, nil, nil, prefix .. tokens[i])
end
-- Counted per thread (globals, read back in done() through thread:get).
non200 = 0
no_token = 0
local threads = {}
setup = function(thread) threads[#threads + 1] = thread end
response = function(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  elseif not body or not body:find('"access_token":"', 1, true) then
    no_token = no_token + 1
  end
end
done = function(summary, latency)
  local bad, empty = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
    empty = empty + t:get("no_token")
  end
  io.write(string.format("wrk: requests=%d throughput=%.0f/s p50=%.2fms p99=%.2fms p99.9=%.2fms non2xx=%d non200=%d no_token=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, summary.errors.status, bad, empty))
end
