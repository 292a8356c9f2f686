// SGD with Nesterov momentum and weight decay on the marked parameters (PyTorch's update rule).
import type { NetSpec } from '../net/architecture.js';

export class NesterovSgd {
  private readonly decay: Float32Array;

  constructor(
    net: NetSpec,
    readonly velocity: Float32Array,
    private readonly momentum: number,
    weightDecay: number,
  ) {
    this.decay = new Float32Array(net.paramCount);
    for (const p of net.params)
      if (p.decay) this.decay.fill(weightDecay, p.offset, p.offset + p.shape.reduce((a, b) => a * b, 1));
  }

  step(params: Float32Array, grads: Float32Array, lr: number): void {
    const { velocity, decay, momentum } = this;
    for (let i = 0; i < params.length; i++) {
      const w = params[i] as number;
      const g = (grads[i] as number) + (decay[i] as number) * w;
      const v = momentum * (velocity[i] as number) + g;
      velocity[i] = v;
      params[i] = w - lr * (g + momentum * v);
    }
  }
}
