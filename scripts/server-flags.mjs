// The server's Node flags live with the other load-shaping settings; bench/run.mjs still reads them here.
export { serverNodeFlags } from "../lib/load-shaping.mjs";
