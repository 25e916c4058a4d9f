-- wrk script for bench/referrals: one URL (wrk's), again and again, with
-- one header that says who asks:
--
--   REF_AUTH="Authorization: Bearer TOKEN"  or  "Cookie: sn_session=..."
--
-- Every response must be 200; anything else is counted (with the first
-- one's status and body start), and so are wrk's socket errors. done()
-- prints one SN_RESULT line that bench/referrals parses, so a broken run
-- is reported as broken, not as fast.

local auth = os.getenv("REF_AUTH") or error("REF_AUTH is not set")
local hname, hvalue = auth:match("^([^:]+):%s*(.*)$")
if not hname then error("REF_AUTH must be 'Name: value'") end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

n_ok, n_bad = 0, 0
first_bad = ""

function init(args)
  wrk.headers[hname] = hvalue
end

function response(status, headers, body)
  if status == 200 then
    n_ok = n_ok + 1
  else
    n_bad = n_bad + 1
    if first_bad == "" then
      first_bad = tostring(status) .. ":" .. (body or ""):sub(1, 80):gsub("%s+", "_")
    end
  end
end

function done(summary, latency, requests)
  local ok, bad, first = 0, 0, ""
  for _, t in ipairs(threads) do
    ok = ok + t:get("n_ok")
    bad = bad + t:get("n_bad")
    if first == "" then first = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format("SN_RESULT ok=%d bad=%d socket=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f first_bad=%s\n",
    ok, bad, e.connect + e.read + e.write + e.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    first == "" and "-" or first))
end
