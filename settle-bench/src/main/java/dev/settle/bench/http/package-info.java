/**
 * The HTTP load generator behind {@code settle bench --http}: {@link dev.settle.bench.http.HttpBench}
 * creates accounts on a running server, then drives {@code POST /v1/transfers} and
 * {@code POST /v1/transfers/batch} in closed loops, one request in flight per connection, and
 * reports throughput and latency as one JSON line ({@link dev.settle.bench.http.HttpBenchResult}).
 *
 * <p>It speaks HTTP/1.1 over plain sockets with its own small client rather than the JDK's
 * HttpClient, whose per-request cost would be measured along with the server's. The measured
 * phases run like wrk: a few {@link dev.settle.bench.http.EventLoop} threads (one by default) each
 * drive many non-blocking connections through a selector and parse the answers incrementally
 * ({@link dev.settle.bench.http.HttpResponseParser}); the account setup uses a few blocking
 * connections ({@link dev.settle.bench.http.HttpConnection}). Requests are encoded once per
 * connection; each request only overwrites the transfer ids and account ids in place, so the
 * generator leaves most of the CPU to the server it shares the machine with.
 *
 * <p>For traffic scenarios (rate limits, load shedding) {@link dev.settle.bench.http.OpenLoopBench}
 * runs an open loop instead: several {@link dev.settle.bench.http.TrafficGroup}s, each a tenant
 * sending at a fixed rate whatever the server answers, measured apart
 * ({@link dev.settle.bench.http.OpenLoopResult}), with latency from each request's due time. The
 * same event loops drive both; what they send and when is their
 * {@link dev.settle.bench.http.LoopTraffic}: {@link dev.settle.bench.http.ClosedLoopTraffic} or
 * {@link dev.settle.bench.http.OpenLoopTraffic}.
 */
package dev.settle.bench.http;
