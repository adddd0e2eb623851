/** The baseline of the Node cold starts: a process that only prints `{"ms": performance.now()}`. */
console.log(JSON.stringify({ ms: performance.now() }));

export {};
