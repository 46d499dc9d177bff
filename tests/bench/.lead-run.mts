const { benchOutbox } = await import('/work/main/tests/bench/outbox.bench.ts');
await benchOutbox();
