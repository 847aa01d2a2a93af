-- The HubSpot tasks of an action plan's checkpoints (ActionPlan.createHubSpotTasks): one row per action and
-- checkpoint, queued when the plan is saved and created by the HubSpot sync worker for the plan's owner (the
-- outbox pattern of alert_hubspot_tasks: retried on 429/5xx, given up on a 4xx, never created twice). A row
-- still pending follows the plan (a moved checkpoint, a new owner, tasks turned off); a created one is
-- HubSpot's from then on.
CREATE TABLE action_checkpoint_tasks (
  tenant_id text NOT NULL,
  action_id text NOT NULL,
  checkpoint date NOT NULL,
  owner_id text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'created', 'failed')),
  hubspot_task_id text,
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, action_id, checkpoint),
  FOREIGN KEY (tenant_id, action_id) REFERENCES improvement_actions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX action_checkpoint_tasks_pending ON action_checkpoint_tasks (tenant_id, created_at)
  WHERE status = 'pending';
