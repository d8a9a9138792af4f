// The route table: API name → method name → handler spec. APIs listed in a profile but absent
// here, or methods absent from an API's table, answer 103 (dispatcher.ts).
import { authRoutes } from './auth';
import { entryRequestRoutes } from './entry-request';
import { eventSchedulerRootRoutes, eventSchedulerRoutes } from './event-scheduler';
import { infoRoutes } from './info';
import { passwordConfirmRoutes } from './password-confirm';
import type { ApiRoutes } from './route-types';
import { taskSchedulerRoutes } from './task-scheduler';
import { userRoutes } from './user';

export const ROUTES: Readonly<Record<string, ApiRoutes>> = {
  'SYNO.API.Info': infoRoutes,
  'SYNO.API.Auth': authRoutes,
  'SYNO.Core.EventScheduler': eventSchedulerRoutes,
  'SYNO.Core.EventScheduler.Root': eventSchedulerRootRoutes,
  'SYNO.Core.TaskScheduler': taskSchedulerRoutes,
  'SYNO.Core.TaskScheduler.Root': {},
  'SYNO.Core.User': userRoutes,
  'SYNO.Core.User.PasswordConfirm': passwordConfirmRoutes,
  'SYNO.Entry.Request': entryRequestRoutes,
};
