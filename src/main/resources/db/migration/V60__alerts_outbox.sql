-- Issue 14: alert rules, the cases they open (the follow-up inbox), the transactional outbox and
-- its deliveries (e-mail, webhooks). docs/alerts.md describes the guarantees.

-- A rule watches an agency and every agency below it. Fields a kind does not use stay NULL.
-- recipients: e-mail addresses, one per line; words: keywords, one per line.
CREATE TABLE alert_rule (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    agency_id      BIGINT        NOT NULL,
    kind           VARCHAR(20)   NOT NULL,
    survey_code    VARCHAR(64)   NOT NULL,
    recipients     VARCHAR(4000) NOT NULL,
    threshold      DECIMAL(6, 2) NULL,
    days           INT           NULL,
    element        VARCHAR(64)   NULL,
    drop_points    DECIMAL(6, 2) NULL,
    words          VARCHAR(4000) NULL,
    deadline_hours INT           NOT NULL,
    created_by     VARCHAR(100)  NOT NULL,
    created_at     DATETIME(6)   NOT NULL,
    deleted_at     DATETIME(6)   NULL,
    CONSTRAINT fk_alert_rule_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_alert_rule_kind ON alert_rule (kind, survey_code);

-- At most one case per rule, agency and day (the day in the agency's time zone): later events of
-- that day link their responses to it instead of opening another (no alert storms).
CREATE TABLE alert_case (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    rule_id         BIGINT        NOT NULL,
    agency_id       BIGINT        NOT NULL,
    opened_day      DATE          NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    opened_at       DATETIME(6)   NOT NULL,
    deadline        DATETIME(6)   NOT NULL,
    escalated_at    DATETIME(6)   NULL,
    owner           VARCHAR(100)  NULL,
    note            VARCHAR(2000) NULL,
    figures         VARCHAR(2000) NULL,
    response_count  INT           NOT NULL,
    acknowledged_at DATETIME(6)   NULL,
    resolved_at     DATETIME(6)   NULL,
    CONSTRAINT uq_alert_case_day UNIQUE (rule_id, agency_id, opened_day),
    CONSTRAINT fk_alert_case_rule FOREIGN KEY (rule_id) REFERENCES alert_rule (id),
    CONSTRAINT fk_alert_case_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_alert_case_status ON alert_case (status, deadline);

CREATE TABLE alert_case_response (
    case_id     BIGINT   NOT NULL,
    response_id CHAR(36) NOT NULL,
    PRIMARY KEY (case_id, response_id),
    CONSTRAINT fk_case_response_case FOREIGN KEY (case_id) REFERENCES alert_case (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Reviewers who asked for alert e-mail (opt-in per account), in their language.
CREATE TABLE alert_subscription (
    account_id BIGINT      NOT NULL PRIMARY KEY,
    email      VARCHAR(320) NOT NULL,
    language   VARCHAR(8)  NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_alert_subscription_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The transactional outbox: each event is inserted in the transaction that causes it. A copy
-- claims a due row by moving next_attempt_at past now (one conditional UPDATE: only one copy
-- wins), fans it out in one transaction and sets dispatched_at. event_id is what receivers see.
-- payload: the event's JSON data; NULL for response.stored (read from the response when fanned out,
-- so the submission path adds one narrow insert and nothing else).
CREATE TABLE outbox_event (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    event_id        CHAR(36)     NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    agency_id       BIGINT       NOT NULL,
    subject         VARCHAR(64)  NOT NULL,
    payload         TEXT         NULL,
    created_at      DATETIME(6)  NOT NULL,
    next_attempt_at DATETIME(6)  NOT NULL,
    claimed_by      VARCHAR(64)  NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    last_error      VARCHAR(500) NULL,
    dispatched_at   DATETIME(6)  NULL,
    CONSTRAINT uq_outbox_event_id UNIQUE (event_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_outbox_due ON outbox_event (dispatched_at, next_attempt_at);

-- A webhook receives the events it subscribed to for its agency and the agencies below it.
-- events: kinds, one per line. After 20 failed deliveries in a row it is paused.
CREATE TABLE webhook (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    agency_id       BIGINT        NOT NULL,
    url             VARCHAR(2000) NOT NULL,
    events          VARCHAR(500)  NOT NULL,
    secret          VARCHAR(100)  NOT NULL,
    failures_in_row INT           NOT NULL DEFAULT 0,
    paused_at       DATETIME(6)   NULL,
    created_by      VARCHAR(100)  NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    deleted_at      DATETIME(6)   NULL,
    CONSTRAINT fk_webhook_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per event and destination (a webhook or an e-mail address); claimed as outbox_event is,
-- sent outside any transaction, retried with exponential backoff.
CREATE TABLE delivery (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    event_id        CHAR(36)      NOT NULL,
    event_kind      VARCHAR(32)   NOT NULL,
    channel         VARCHAR(16)   NOT NULL,
    target          VARCHAR(320)  NOT NULL,
    webhook_id      BIGINT        NULL,
    subject         VARCHAR(500)  NULL,
    body            TEXT          NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6)   NOT NULL,
    claimed_by      VARCHAR(64)   NULL,
    last_error      VARCHAR(500)  NULL,
    created_at      DATETIME(6)   NOT NULL,
    delivered_at    DATETIME(6)   NULL,
    CONSTRAINT uq_delivery_target UNIQUE (event_id, channel, target),
    CONSTRAINT fk_delivery_webhook FOREIGN KEY (webhook_id) REFERENCES webhook (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_delivery_due ON delivery (status, next_attempt_at);
CREATE INDEX ix_delivery_webhook ON delivery (webhook_id, id);
