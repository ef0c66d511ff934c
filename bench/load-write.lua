-- wrk script of bench/load: an authenticated write path. Every request saves the result of
-- one check (PUT /api/v1/checks/{id}/result) with the API token of an inspector on that
-- check's team and the check's current version (docs/api.md: a stale version is 409).
--
-- $TARGETS: lines "check_id version token", one check per line, each check on one line only.
-- $ITEMS: the JSON array of the task's items to report on; $CHECKED_ON: the day of the check.
-- Each wrk thread owns the lines i with i % threads == its index, and keeps them in a queue:
-- request() takes the check at the head, response() reads the check's id and new version
-- from the answer and puts it back at the tail. A connection has one request in flight, so a
-- thread needs at least as many checks as connections (bench/load checks that).
local queue, head, tail = {}, 1, 0
local writes = 0
local items = os.getenv("ITEMS")
local checked_on = os.getenv("CHECKED_ON")
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(os.getenv("THREADS"))
  local f = assert(io.open(os.getenv("TARGETS"), "r"))
  local i = 0
  for line in f:lines() do
    local id, version, token = line:match("^(%d+) (%d+) (%S+)$")
    if id then
      if i % n == index then
        tail = tail + 1
        queue[tail] = { id = id, version = tonumber(version), token = token }
      end
      i = i + 1
    end
  end
  f:close()
  by_id = {}
  for k = head, tail do by_id[queue[k].id] = queue[k] end
end

function request()
  if head > tail then
    -- Every check is in flight or was lost to an error: ask for something that fails, so
    -- that the run reports it rather than stalling.
    return wrk.format("GET", "/api/v1/checks/0/result")
  end
  local c = queue[head]
  queue[head] = nil
  head = head + 1
  writes = writes + 1
  local body = string.format(
    '{"version":%d,"checked_on":"%s","methods":["on_site","documents"],' ..
    '"category":"no_problem","summary":"现场检查，证照齐全（负载测试第%d次）",' ..
    '"follow_up":"none","items":%s}', c.version, checked_on, writes, items)
  return wrk.format("PUT", "/api/v1/checks/" .. c.id .. "/result",
                    { ["Authorization"] = "Bearer " .. c.token,
                      ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 then return end  -- wrk counts it; the check leaves the queue
  local id = body:match('^{"check_id":(%d+),')
  local version = body:match('"version":(%d+)}%s*$')
  local c = id and by_id[id]
  if not c or not version then return end
  c.version = tonumber(version)
  tail = tail + 1
  queue[tail] = c
end
