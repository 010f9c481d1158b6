// A container's /proc view is put together only when a program reads it, once, and reads the
// same as one built at once.
import { describe, expect, it } from 'vitest';
import { newCgroup } from '../../sim-core/kernel/cgroup.ts';
import { lazyProcView, procView } from '../../sim-core/engine/containers/proc-view.ts';

describe('lazyProcView', () => {
  it('builds the view on the first read only, and shows what the view shows', () => {
    const eager = procView({
      namespaces: { pid: 4026532163, net: 4026532165 },
      init: ['sleep', '5'],
      hostname: 'box',
      cgroupNsPrivate: true,
      cgroupPath: '/docker/x',
      cgroupVersion: 2,
      cgroup: newCgroup('/docker/x', '/docker'),
      cpuCount: 2,
    });
    let builds = 0;
    const lazy = lazyProcView(() => {
      builds += 1;
      return eager;
    });
    expect(builds).toBe(0);
    expect(lazy.files['/proc/1/cmdline']).toBe('sleep\u00005\u0000');
    expect(lazy.links['/proc/self/ns/pid']).toBe('pid:[4026532163]');
    expect(lazy.files['/sys/fs/cgroup/memory.max']).toBe('max\n');
    expect(lazy.dirs).toBe(eager.dirs);
    expect(builds).toBe(1);
  });
});
