// The event tasks the demo's simulated NAS starts with: two boot-up tasks (one succeeds with output,
// one fails with a clear error), a shutdown task, and a quick one for the run buttons.
import type { SeedTask } from '../lib/sim/types';

export const DEMO_TASKS: SeedTask[] = [
  {
    name: 'Mount backup disk',
    event: 'bootup',
    owner: 'root',
    script: [
      'echo "Looking for the USB backup disk..."',
      'sleep 1',
      'echo "Found /dev/sdq1 (ext4, 3.6 TB)"',
      'echo "Mounted /dev/sdq1 on /volume1/backup"',
    ].join('\n'),
  },
  {
    name: 'Prepare for shutdown',
    event: 'shutdown',
    owner: 'root',
    script: ['echo "Stopping containers: homeassistant, node-red"', 'echo "Flushing disk caches"', 'sync', 'echo "Ready to power off"'].join('\n'),
  },
  {
    name: 'Check RAID',
    event: 'bootup',
    owner: 'root',
    script: [
      'echo "Checking storage pool 1 (/dev/md2, RAID 1)..."',
      'echo "ERROR: /dev/md2 is degraded: 1 of 2 disks active, disk 2 missing" >&2',
      'echo "Replace disk 2 and repair the pool in Storage Manager." >&2',
      'exit 3',
    ].join('\n'),
  },
  {
    name: 'Say hello',
    event: 'bootup',
    owner: 'admin',
    script: 'echo "Hello from the simulated NAS at $(date +%H:%M:%S)"',
  },
];
