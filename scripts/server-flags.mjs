// The Node flags the production server runs with: `npm start` (package.json repeats
// them), the test suites' servers and the benchmark.
//
// --v8-pool-size=1: V8 does its background work (concurrent marking and sweeping for
// full garbage collections, optimizing compiles) on a pool of helper threads, four by
// default. On two cores, four markers took both cores for the 100–250 ms of each full
// collection, and the event loop, which must keep answering, waited behind them: the
// slowest requests of a load were those that arrived then. One helper leaves a core to
// the event loop; it marked the same heap in a quarter of the CPU time or less.
export const serverNodeFlags = ["--v8-pool-size=1"];
