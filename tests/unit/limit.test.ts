import { describe, it, expect } from "vitest";
import { limiter } from "../../provider/tools/limit";

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe("limiter: at most N tasks in flight", () => {
  it("never runs more than N at once, starts them in order, and returns each result", async () => {
    const limit = limiter(3);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          started.push(i);
          most = Math.max(most, ++running);
          await tick();
          running--;
          return i * 2;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(3);
    expect(limit.peak).toBe(3);
    expect(limit.active).toBe(0);
  });

  it("a failed task (thrown or rejected) frees its slot and reaches only its caller", async () => {
    const limit = limiter(1);
    const a = limit(async () => {
      throw new Error("no");
    });
    const b = limit(() => {
      throw new Error("sync");
    });
    const c = limit(async () => "ok");
    await expect(a).rejects.toThrow("no");
    await expect(b).rejects.toThrow("sync");
    await expect(c).resolves.toBe("ok");
  });

  it("refuses a concurrency below 1", () => {
    expect(() => limiter(0)).toThrow(RangeError);
  });
});
