-- wrk script of bench/public-lookup: every request asks for a different credit code, taken
-- at random from the file $CODES (one code a line), under the path prefix $PREFIX
-- (e.g. "/api/v1/public/results?code="). Each wrk thread loads its own copy.
local codes = {}
local prefix = os.getenv("PREFIX") or "/api/v1/public/results?code="

function init(args)
  local f = assert(io.open(os.getenv("CODES"), "r"))
  for line in f:lines() do
    if #line > 0 then codes[#codes + 1] = line end
  end
  f:close()
  math.randomseed(os.time() + tonumber(tostring(codes):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
  return wrk.format("GET", prefix .. codes[math.random(#codes)])
end
