-- wrk script for bench/soak: what an area's people ask at once, for a long
-- time, at many connections (issue 20).
--
--   SN_BENCH_CONF=FILE  a Lua file (written by bench/soak) that sets
--                       cookie (a signed-in worker's sn_session), people (the
--                       person uuids on the worker's list), services (service
--                       uuids), terms (taxonomy term uuids) and postcodes
--                       (the demo area's, "AV1+0AX")
--
-- The mix, drawn at random per request:
--   30% /find with words (a third of them near a postcode, within 3 miles)
--   30% /oruk/services with words, with a postcode and proximity, with a
--       taxonomy term, an age or a day, and paging
--   10% /oruk/service_at_locations with words near a postcode
--   15% a service's page (/find/services/{id}) or JSON (/oruk/services/{id})
--   15% signed-in pages: the worker's /people list and a person's record
--       (each record read appends to the audit chain: a write)
--
-- Every response must be 200 (the mix has no redirects). Any other status
-- is unexpected and counted by status, except a 503 whose body names itself
-- "busy" (over --max-connections), which is counted apart as the one
-- expected difference. done() prints SN_RESULT and SN_STATUS lines that
-- bench/soak parses.

local conf = os.getenv("SN_BENCH_CONF") or error("SN_BENCH_CONF is not set")
dofile(conf)
if #people == 0 or #services == 0 or #terms == 0 or #postcodes == 0 then
  error("empty lists in " .. conf)
end

local words = { "lunch", "lonely", "walking", "carers", "club", "meals", "befriending",
                "tai chi", "dementia", "transport", "coffee morning", "exercise",
                "advice", "sitting service", "friends", "lunches", "singing", "memory" }
local days = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" }

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
  table.insert(threads, thread)
end

local headers
n_ok, n_busy, n_bad = 0, 0, 0
statuses = ""   -- "status=count,..." of unexpected statuses (thread-local)
local bad_by_status = {}
first_bad = ""
sent = { find = 0, oruk = 0, sals = 0, service = 0, signed = 0 }
n_find, n_oruk, n_sals, n_service, n_signed = 0, 0, 0, 0, 0

function init(args)
  math.randomseed(os.time() * 1000 + (thread_no or 0) * 7919)
  headers = { ["Cookie"] = "sn_session=" .. cookie }
end

local function pick(t) return t[math.random(#t)] end
local function q(s) return (s:gsub(" ", "+")) end

function request()
  local r = math.random()
  if r < 0.30 then
    n_find = n_find + 1
    local path = "/find?q=" .. q(pick(words))
    if math.random() < 0.33 then path = path .. "&postcode=" .. pick(postcodes) .. "&within=3" end
    return wrk.format("GET", path)
  elseif r < 0.60 then
    n_oruk = n_oruk + 1
    local k = math.random(5)
    local path = "/oruk/services?search=" .. q(pick(words)) .. "&per_page=" .. math.random(5, 50)
    if k == 1 then path = path .. "&postcode=" .. pick(postcodes) .. "&proximity=" .. math.random(1000, 20000)
    elseif k == 2 then path = "/oruk/services?taxonomy_term_id=" .. pick(terms) .. "&page=" .. math.random(1, 3)
    elseif k == 3 then path = path .. "&minimum_age=" .. math.random(0, 60) .. "&day=" .. pick(days)
    elseif k == 4 then path = "/oruk/services?page=" .. math.random(1, 6) .. "&per_page=50" end
    return wrk.format("GET", path)
  elseif r < 0.70 then
    n_sals = n_sals + 1
    return wrk.format("GET", "/oruk/service_at_locations?search=" .. q(pick(words)) ..
      "&postcode=" .. pick(postcodes) .. "&proximity=8000")
  elseif r < 0.85 then
    n_service = n_service + 1
    if math.random() < 0.5 then return wrk.format("GET", "/find/services/" .. pick(services)) end
    return wrk.format("GET", "/oruk/services/" .. pick(services))
  end
  n_signed = n_signed + 1
  if math.random() < 0.3 then return wrk.format("GET", "/people", headers) end
  return wrk.format("GET", "/people/" .. pick(people), headers)
end

function response(status, hdrs, body)
  if status == 200 then
    n_ok = n_ok + 1
    return
  end
  if status == 503 and body and body:find("busy", 1, true) then
    n_busy = n_busy + 1
    return
  end
  n_bad = n_bad + 1
  bad_by_status[status] = (bad_by_status[status] or 0) + 1
  local parts = {}
  for s, n in pairs(bad_by_status) do table.insert(parts, s .. "=" .. n) end
  statuses = table.concat(parts, ",")
  if first_bad == "" then
    first_bad = tostring(status) .. " " .. (hdrs["Location"] or "") .. " " .. (body or ""):sub(1, 160):gsub("%s+", " ")
  end
end

function done(summary, latency, requests)
  local t = { ok = 0, busy = 0, bad = 0, find = 0, oruk = 0, sals = 0, service = 0, signed = 0 }
  local by = {}
  local bad = ""
  for _, th in ipairs(threads) do
    t.ok = t.ok + (th:get("n_ok") or 0)
    t.busy = t.busy + (th:get("n_busy") or 0)
    t.bad = t.bad + (th:get("n_bad") or 0)
    t.find = t.find + (th:get("n_find") or 0)
    t.oruk = t.oruk + (th:get("n_oruk") or 0)
    t.sals = t.sals + (th:get("n_sals") or 0)
    t.service = t.service + (th:get("n_service") or 0)
    t.signed = t.signed + (th:get("n_signed") or 0)
    for s, n in string.gmatch(th:get("statuses") or "", "(%d+)=(%d+)") do
      by[s] = (by[s] or 0) + tonumber(n)
    end
    local fb = th:get("first_bad")
    if bad == "" and fb and fb ~= "" then bad = fb end
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "SN_RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f ok=%d busy=%d " ..
    "unexpected=%d connect=%d read=%d write=%d timeout=%d sent_find=%d sent_oruk=%d sent_sals=%d " ..
    "sent_service=%d sent_signed=%d\n",
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, t.ok, t.busy, t.bad,
    e.connect, e.read, e.write, e.timeout, t.find, t.oruk, t.sals, t.service, t.signed))
  for s, n in pairs(by) do io.write(string.format("SN_STATUS %s %d\n", s, n)) end
  if bad ~= "" then io.write("SN_FIRST_UNEXPECTED " .. bad .. "\n") end
end
