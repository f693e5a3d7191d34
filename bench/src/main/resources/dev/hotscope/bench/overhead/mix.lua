-- wrk script of the overhead bench: each connection's requests rotate over the service's
-- endpoints, and done() prints one line the runner parses (wrk's --latency has no p99.9).
-- Latencies are in microseconds; duration_us is the run's length.
local paths = { "/io", "/lock", "/alloc" }
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", paths[n % #paths + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "HOTSCOPE-BENCH requests=%d duration_us=%d connect_errors=%d read_errors=%d write_errors=%d"
      .. " timeouts=%d non2xx=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f mean_us=%.1f\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end
