-- wrk script for bench/scale: a mix of requests from one signed-in worker.
--
--   SN_BENCH_CONF=FILE  a Lua file (written by bench/scale) that sets
--                       cookie (the sn_session value), csrf (its token)
--                       and people (a list of person uuids the worker may read)
--   SN_MIX=read         ~90% GET /, /accessibility, /healthz; ~10% GET /people/{id}
--   SN_MIX=write        ~50% POST /people/{id}/contact (a valid postcode),
--                       ~50% reads drawn from the read mix
--
-- Every response is checked: 200 for a GET, 303 to /people/... for a POST.
-- Anything else (4xx, 5xx, a redirect to /sign-in, a 200 error page for a
-- POST) is counted as "unexpected"; wrk's own socket errors are counted too.
-- done() prints one line starting with SN_RESULT that bench/scale parses,
-- so a broken run is reported as broken, not as fast.

local conf = os.getenv("SN_BENCH_CONF") or error("SN_BENCH_CONF is not set")
dofile(conf)
local mix = os.getenv("SN_MIX") or "read"
if mix ~= "read" and mix ~= "write" then error("SN_MIX must be read or write") end
if #people == 0 then error("no person ids in " .. conf) end

local postcodes = { "SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH",
                    "CR2 6XH", "DN55 1PT", "LS1 4AP", "NE1 7RU", "BS1 4DJ" }

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
  table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state). The counters
-- are globals because done() reads them with thread:get, which sees only
-- a thread's globals.
local headers
local form_headers
n_ok, n_unexpected, n_get, n_person, n_post = 0, 0, 0, 0, 0
s2xx, s3xx, s4xx, s5xx, s_signin = 0, 0, 0, 0, 0
first_bad = ""

function init(args)
  math.randomseed(os.time() * 1000 + (thread_no or 0) * 7919)
  headers = { ["Cookie"] = "sn_session=" .. cookie }
  form_headers = { ["Cookie"] = "sn_session=" .. cookie,
                   ["Content-Type"] = "application/x-www-form-urlencoded" }
end

local function read_request()
  local r = math.random()
  if r < 0.30 then
    n_get = n_get + 1
    return wrk.format("GET", "/", headers)
  elseif r < 0.60 then
    n_get = n_get + 1
    return wrk.format("GET", "/accessibility", headers)
  elseif r < 0.90 then
    n_get = n_get + 1
    return wrk.format("GET", "/healthz", headers)
  end
  n_person = n_person + 1
  return wrk.format("GET", "/people/" .. people[math.random(#people)], headers)
end

function request()
  if mix == "write" and math.random() < 0.5 then
    n_post = n_post + 1
    local id = people[math.random(#people)]
    local pc = postcodes[math.random(#postcodes)]:gsub(" ", "+")
    local body = "csrf_token=" .. csrf .. "&postcode=" .. pc
    return wrk.format("POST", "/people/" .. id .. "/contact", form_headers, body)
  end
  return read_request()
end

-- wrk does not tell us which request a response answers, so the check is
-- on the response alone: a GET must give 200; a POST must give 303 to the
-- record. A 303 anywhere else (the sign-in page) means the session is gone.
function response(status, hdrs, body)
  local location = hdrs["Location"] or hdrs["location"] or ""
  local ok = false
  if status >= 200 and status < 300 then
    s2xx = s2xx + 1
    ok = true
  elseif status >= 300 and status < 400 then
    s3xx = s3xx + 1
    if location:find("sign%-in") then
      s_signin = s_signin + 1
    elseif location:find("/people/", 1, true) then
      ok = true
    end
  elseif status < 500 then
    s4xx = s4xx + 1
  else
    s5xx = s5xx + 1
  end
  if ok then
    n_ok = n_ok + 1
  else
    n_unexpected = n_unexpected + 1
    if first_bad == "" then
      first_bad = tostring(status) .. " " .. location .. " " .. (body or ""):sub(1, 120):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests)
  local t = { ok = 0, unexpected = 0, get = 0, person = 0, post = 0,
              s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0, signin = 0 }
  local bad = ""
  for _, th in ipairs(threads) do
    t.ok = t.ok + (th:get("n_ok") or 0)
    t.unexpected = t.unexpected + (th:get("n_unexpected") or 0)
    t.get = t.get + (th:get("n_get") or 0)
    t.person = t.person + (th:get("n_person") or 0)
    t.post = t.post + (th:get("n_post") or 0)
    t.s2xx = t.s2xx + (th:get("s2xx") or 0)
    t.s3xx = t.s3xx + (th:get("s3xx") or 0)
    t.s4xx = t.s4xx + (th:get("s4xx") or 0)
    t.s5xx = t.s5xx + (th:get("s5xx") or 0)
    t.signin = t.signin + (th:get("s_signin") or 0)
    local fb = th:get("first_bad")
    if bad == "" and fb and fb ~= "" then bad = fb end
  end
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  io.write(string.format(
    "SN_RESULT mix=%s requests=%d seconds=%.2f rps=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "ok=%d unexpected=%d non2xx3xx=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d " ..
    "s2xx=%d s3xx=%d s4xx=%d s5xx=%d to_sign_in=%d sent_get=%d sent_person=%d sent_post=%d\n",
    mix, summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    t.ok, t.unexpected, e.status, sock, e.connect, e.read, e.write, e.timeout,
    t.s2xx, t.s3xx, t.s4xx, t.s5xx, t.signin, t.get, t.person, t.post))
  if bad ~= "" then
    io.write("SN_FIRST_UNEXPECTED " .. bad .. "\n")
  end
end
