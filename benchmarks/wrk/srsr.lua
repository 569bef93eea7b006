-- wrk script for the srsr registry endpoints: every request is a POST of the same JSON body.
--   SRSR_PATH=/lookup SRSR_BODY='{"name":"svc"}' wrk -t1 -c16 -d10s -s benchmarks/wrk/srsr.lua http://127.0.0.1:4214
-- Works against the Go srsr server and the embedded registry alike. Non-2xx answers are counted by wrk
-- ("Non-2xx or 3xx responses"); a run with any of them is not a valid figure.
wrk.method = "POST"
wrk.path = os.getenv("SRSR_PATH") or "/lookup"
wrk.body = os.getenv("SRSR_BODY") or '{"name":"svc"}'
wrk.headers["Content-Type"] = "application/json"
