/**
 * Replay time: a chosen instant of the recording that runs on at `speed` × wall-clock time
 * (0 pauses it). Everything the replay serves is computed from `now()`, so a test can jump
 * (`set`) or fast-forward (`setSpeed`) and the next response or stream push follows.
 */
export class ReplayClock {
  private anchorReplay: number;
  private anchorWall: number;
  private rate: number;
  private readonly wallNow: () => number;

  constructor(start: number, speed = 1, wallNow: () => number = Date.now) {
    if (!Number.isFinite(start)) throw new Error(`replay start must be epoch ms, got ${start}`);
    checkSpeed(speed);
    this.wallNow = wallNow;
    this.anchorReplay = start;
    this.anchorWall = wallNow();
    this.rate = speed;
  }

  now(): number {
    return Math.floor(this.anchorReplay + (this.wallNow() - this.anchorWall) * this.rate);
  }

  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error(`replay time must be epoch ms, got ${ms}`);
    this.anchorReplay = ms;
    this.anchorWall = this.wallNow();
  }

  setSpeed(x: number): void {
    checkSpeed(x);
    this.anchorReplay = this.now();
    this.anchorWall = this.wallNow();
    this.rate = x;
  }

  get speed(): number {
    return this.rate;
  }
}

function checkSpeed(x: number): void {
  if (!Number.isFinite(x) || x < 0) throw new Error(`replay speed must be a finite number ≥ 0, got ${x}`);
}
