-- wrk script for bench/directory: directory searches drawn from a fixed
-- list of URLs (one path a line, written by bench/directory), in order,
-- each wrk thread from its own starting point.
--
--   DIR_BENCH_URLS=FILE  the list
--
-- Every response must be 200; anything else is counted, and so are wrk's
-- socket errors. done() prints one line starting with SN_RESULT (exact
-- p50 and p99 in microseconds from wrk's histogram) that bench/directory
-- parses, so a broken run is reported as broken, not as fast.

local file = os.getenv("DIR_BENCH_URLS") or error("DIR_BENCH_URLS is not set")
local urls = {}
for line in io.lines(file) do
  if #line > 0 then table.insert(urls, line) end
end
if #urls == 0 then error("no URLs in " .. file) end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
  table.insert(threads, thread)
end

-- Per-thread counters are globals: done() reads them with thread:get.
n_ok, n_bad = 0, 0
first_bad = ""
local at = 0

function init(args)
  at = ((thread_no or 1) * 7919) % #urls
end

function request()
  at = at % #urls + 1
  return wrk.format("GET", urls[at])
end

function response(status, headers, body)
  if status == 200 then
    n_ok = n_ok + 1
  else
    n_bad = n_bad + 1
    if first_bad == "" then first_bad = tostring(status) end
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
  io.write(string.format("SN_RESULT ok=%d bad=%d socket=%d first_bad=%s p50_us=%d p99_us=%d\n",
    ok, bad, e.connect + e.read + e.write + e.timeout, first == "" and "-" or first,
    latency:percentile(50), latency:percentile(99)))
end
