-- Ferry's reference accounting database: a construction ERP in SQLite.
--
-- Conventions
--   * Natural keys as the accounting system shows them: job 23-104,
--     cost code 01-100, category L, employee 1042, contract 1001.
--   * Money is INTEGER cents; quantities, hours and percentages are exact
--     decimal TEXT ('8.50'); dates are TEXT 'YYYY-MM-DD'.
--   * modified_at is TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC), set on every write;
--     a sync timeframe filters on it, hence the index on every table.
--   * cloud_id keeps the cloud's id on rows written by an export.
--   * Table and column names match data/catalog.json; the test suite checks it.

PRAGMA foreign_keys = ON;

CREATE TABLE ar_customer_type (
  customer_type TEXT PRIMARY KEY NOT NULL,
  description   TEXT NOT NULL,
  modified_at   TEXT NOT NULL
);

CREATE TABLE ar_customer (
  customer      TEXT PRIMARY KEY NOT NULL,
  name          TEXT NOT NULL,
  customer_type TEXT NOT NULL REFERENCES ar_customer_type (customer_type),
  address       TEXT,
  city          TEXT,
  state         TEXT,
  zip           TEXT,
  phone         TEXT,
  email         TEXT,
  is_active     INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  modified_at   TEXT NOT NULL
);

CREATE TABLE gl_account (
  account      TEXT PRIMARY KEY NOT NULL,
  description  TEXT NOT NULL,
  account_type TEXT NOT NULL,
  is_active    INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  modified_at  TEXT NOT NULL
);

CREATE TABLE ap_vendor (
  vendor      TEXT PRIMARY KEY NOT NULL,
  name        TEXT NOT NULL,
  address     TEXT,
  city        TEXT,
  state       TEXT,
  zip         TEXT,
  phone       TEXT,
  email       TEXT,
  tax_id      TEXT,
  is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  modified_at TEXT NOT NULL
);

CREATE TABLE pr_employee (
  employee    TEXT PRIMARY KEY NOT NULL,
  first_name  TEXT NOT NULL,
  last_name   TEXT NOT NULL,
  trade       TEXT,
  hourly_rate INTEGER,
  hire_date   TEXT,
  is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  modified_at TEXT NOT NULL
);

CREATE TABLE eq_equipment (
  equipment      TEXT PRIMARY KEY NOT NULL,
  description    TEXT NOT NULL,
  equipment_type TEXT,
  hourly_rate    INTEGER,
  is_active      INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  modified_at    TEXT NOT NULL
);

CREATE TABLE jc_standard_cost_code (
  cost_code   TEXT PRIMARY KEY NOT NULL,
  description TEXT NOT NULL,
  modified_at TEXT NOT NULL
);

CREATE TABLE jc_category (
  category    TEXT PRIMARY KEY NOT NULL,
  description TEXT NOT NULL,
  modified_at TEXT NOT NULL
);

CREATE TABLE cv_job (
  job         TEXT PRIMARY KEY NOT NULL,
  description TEXT NOT NULL,
  customer    TEXT NOT NULL REFERENCES ar_customer (customer),
  address     TEXT,
  city        TEXT,
  state       TEXT,
  start_date  TEXT,
  status      TEXT NOT NULL,
  is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  modified_at TEXT NOT NULL
);

CREATE TABLE jc_job_cost_code (
  job         TEXT NOT NULL REFERENCES cv_job (job),
  cost_code   TEXT NOT NULL REFERENCES jc_standard_cost_code (cost_code),
  description TEXT NOT NULL,
  is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  modified_at TEXT NOT NULL,
  PRIMARY KEY (job, cost_code)
);

CREATE TABLE jc_extra (
  job         TEXT NOT NULL REFERENCES cv_job (job),
  extra       TEXT NOT NULL,
  description TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  PRIMARY KEY (job, extra)
);

CREATE TABLE jc_estimate (
  job         TEXT NOT NULL,
  cost_code   TEXT NOT NULL,
  category    TEXT NOT NULL REFERENCES jc_category (category),
  amount      INTEGER NOT NULL,
  units       TEXT,
  modified_at TEXT NOT NULL,
  PRIMARY KEY (job, cost_code, category),
  FOREIGN KEY (job, cost_code) REFERENCES jc_job_cost_code (job, cost_code)
);

CREATE TABLE jc_commitment (
  commitment        TEXT PRIMARY KEY NOT NULL,
  job               TEXT NOT NULL REFERENCES cv_job (job),
  vendor            TEXT NOT NULL REFERENCES ap_vendor (vendor),
  description       TEXT NOT NULL,
  commitment_type   TEXT NOT NULL,
  commitment_date   TEXT NOT NULL,
  amount            INTEGER NOT NULL,
  retainage_percent TEXT,
  status            TEXT NOT NULL,
  cloud_id          TEXT,
  modified_at       TEXT NOT NULL
);

CREATE TABLE jc_commitment_item (
  commitment  TEXT NOT NULL REFERENCES jc_commitment (commitment),
  item        TEXT NOT NULL,
  job         TEXT NOT NULL,
  cost_code   TEXT NOT NULL,
  category    TEXT NOT NULL REFERENCES jc_category (category),
  description TEXT NOT NULL,
  amount      INTEGER NOT NULL,
  cloud_id    TEXT,
  modified_at TEXT NOT NULL,
  PRIMARY KEY (commitment, item),
  FOREIGN KEY (job, cost_code) REFERENCES jc_job_cost_code (job, cost_code)
);

CREATE TABLE jc_commitment_change_order (
  commitment        TEXT NOT NULL REFERENCES jc_commitment (commitment),
  change_order      TEXT NOT NULL,
  description       TEXT NOT NULL,
  job               TEXT NOT NULL,
  cost_code         TEXT NOT NULL,
  category          TEXT NOT NULL REFERENCES jc_category (category),
  amount            INTEGER NOT NULL,
  change_order_date TEXT NOT NULL,
  status            TEXT NOT NULL,
  cloud_id          TEXT,
  modified_at       TEXT NOT NULL,
  PRIMARY KEY (commitment, change_order),
  FOREIGN KEY (job, cost_code) REFERENCES jc_job_cost_code (job, cost_code)
);

CREATE TABLE jc_transaction (
  transaction_id          INTEGER PRIMARY KEY NOT NULL,
  job                     TEXT NOT NULL,
  cost_code               TEXT NOT NULL,
  category                TEXT NOT NULL REFERENCES jc_category (category),
  transaction_date        TEXT NOT NULL,
  transaction_type        TEXT NOT NULL,
  amount                  INTEGER NOT NULL,
  units                   TEXT,
  description             TEXT,
  commitment              TEXT REFERENCES jc_commitment (commitment),
  commitment_change_order TEXT,
  employee                TEXT REFERENCES pr_employee (employee),
  equipment               TEXT REFERENCES eq_equipment (equipment),
  credit_account          TEXT REFERENCES gl_account (account),
  debit_account           TEXT REFERENCES gl_account (account),
  pay_id                  TEXT,
  reference_1             TEXT,
  reference_2             TEXT,
  modified_at             TEXT NOT NULL,
  -- A change order number means nothing without its commitment.
  CHECK (commitment_change_order IS NULL OR commitment IS NOT NULL),
  FOREIGN KEY (job, cost_code) REFERENCES jc_job_cost_code (job, cost_code),
  FOREIGN KEY (commitment, commitment_change_order)
    REFERENCES jc_commitment_change_order (commitment, change_order)
);

CREATE TABLE cn_contract (
  contract          TEXT PRIMARY KEY NOT NULL,
  job               TEXT NOT NULL REFERENCES cv_job (job),
  customer          TEXT NOT NULL REFERENCES ar_customer (customer),
  description       TEXT NOT NULL,
  contract_date     TEXT NOT NULL,
  original_amount   INTEGER NOT NULL,
  retainage_percent TEXT,
  status            TEXT NOT NULL,
  modified_at       TEXT NOT NULL
);

CREATE TABLE cn_contract_item (
  contract    TEXT NOT NULL REFERENCES cn_contract (contract),
  item        TEXT NOT NULL,
  description TEXT NOT NULL,
  cost_code   TEXT REFERENCES jc_standard_cost_code (cost_code),
  quantity    TEXT,
  unit_price  INTEGER,
  amount      INTEGER NOT NULL,
  modified_at TEXT NOT NULL,
  PRIMARY KEY (contract, item)
);

CREATE TABLE cn_change_order (
  contract          TEXT NOT NULL REFERENCES cn_contract (contract),
  change_order      TEXT NOT NULL,
  description       TEXT NOT NULL,
  change_order_date TEXT NOT NULL,
  status            TEXT NOT NULL,
  amount            INTEGER NOT NULL,
  cloud_id          TEXT,
  modified_at       TEXT NOT NULL,
  PRIMARY KEY (contract, change_order)
);

CREATE TABLE cn_change_order_item (
  contract      TEXT NOT NULL,
  change_order  TEXT NOT NULL,
  item          TEXT NOT NULL,
  contract_item TEXT,
  description   TEXT NOT NULL,
  amount        INTEGER NOT NULL,
  cloud_id      TEXT,
  modified_at   TEXT NOT NULL,
  PRIMARY KEY (contract, change_order, item),
  FOREIGN KEY (contract, change_order) REFERENCES cn_change_order (contract, change_order),
  FOREIGN KEY (contract, contract_item) REFERENCES cn_contract_item (contract, item)
);

CREATE TABLE pj_change_request (
  job            TEXT NOT NULL REFERENCES cv_job (job),
  change_request TEXT NOT NULL,
  description    TEXT NOT NULL,
  request_date   TEXT NOT NULL,
  status         TEXT NOT NULL,
  amount         INTEGER NOT NULL,
  modified_at    TEXT NOT NULL,
  PRIMARY KEY (job, change_request)
);

CREATE TABLE pj_change_order (
  job               TEXT NOT NULL REFERENCES cv_job (job),
  change_order      TEXT NOT NULL,
  change_request    TEXT,
  description       TEXT NOT NULL,
  change_order_date TEXT NOT NULL,
  status            TEXT NOT NULL,
  amount            INTEGER NOT NULL,
  modified_at       TEXT NOT NULL,
  PRIMARY KEY (job, change_order),
  FOREIGN KEY (job, change_request) REFERENCES pj_change_request (job, change_request)
);

CREATE TABLE cn_quick_bill_contract (
  quick_bill_contract TEXT PRIMARY KEY NOT NULL,
  customer            TEXT NOT NULL REFERENCES ar_customer (customer),
  job                 TEXT REFERENCES cv_job (job),
  description         TEXT NOT NULL,
  contract_date       TEXT NOT NULL,
  amount              INTEGER NOT NULL,
  modified_at         TEXT NOT NULL
);

CREATE TABLE cn_quick_bill_contract_item (
  quick_bill_contract TEXT NOT NULL REFERENCES cn_quick_bill_contract (quick_bill_contract),
  item                TEXT NOT NULL,
  description         TEXT NOT NULL,
  amount              INTEGER NOT NULL,
  modified_at         TEXT NOT NULL,
  PRIMARY KEY (quick_bill_contract, item)
);

CREATE TABLE ap_invoice (
  vendor       TEXT NOT NULL REFERENCES ap_vendor (vendor),
  invoice      TEXT NOT NULL,
  job          TEXT REFERENCES cv_job (job),
  commitment   TEXT REFERENCES jc_commitment (commitment),
  description  TEXT,
  invoice_date TEXT NOT NULL,
  due_date     TEXT,
  amount       INTEGER NOT NULL,
  retainage    INTEGER,
  status       TEXT NOT NULL,
  cloud_id     TEXT,
  modified_at  TEXT NOT NULL,
  PRIMARY KEY (vendor, invoice)
);

CREATE TABLE pr_time_entry (
  entry_id    INTEGER PRIMARY KEY,
  employee    TEXT NOT NULL REFERENCES pr_employee (employee),
  work_date   TEXT NOT NULL,
  job         TEXT NOT NULL,
  cost_code   TEXT NOT NULL,
  category    TEXT NOT NULL REFERENCES jc_category (category),
  pay_id      TEXT NOT NULL DEFAULT 'REG',
  hours       TEXT NOT NULL,
  description TEXT,
  cloud_id    TEXT,
  modified_at TEXT NOT NULL,
  UNIQUE (employee, work_date, job, cost_code, category, pay_id),
  FOREIGN KEY (job, cost_code) REFERENCES jc_job_cost_code (job, cost_code)
);

-- Timeframe scans.
CREATE INDEX ar_customer_type_modified ON ar_customer_type (modified_at);
CREATE INDEX ar_customer_modified ON ar_customer (modified_at);
CREATE INDEX gl_account_modified ON gl_account (modified_at);
CREATE INDEX ap_vendor_modified ON ap_vendor (modified_at);
CREATE INDEX pr_employee_modified ON pr_employee (modified_at);
CREATE INDEX eq_equipment_modified ON eq_equipment (modified_at);
CREATE INDEX jc_standard_cost_code_modified ON jc_standard_cost_code (modified_at);
CREATE INDEX jc_category_modified ON jc_category (modified_at);
CREATE INDEX cv_job_modified ON cv_job (modified_at);
CREATE INDEX jc_job_cost_code_modified ON jc_job_cost_code (modified_at);
CREATE INDEX jc_extra_modified ON jc_extra (modified_at);
CREATE INDEX jc_estimate_modified ON jc_estimate (modified_at);
CREATE INDEX jc_commitment_modified ON jc_commitment (modified_at);
CREATE INDEX jc_commitment_item_modified ON jc_commitment_item (modified_at);
CREATE INDEX jc_commitment_change_order_modified ON jc_commitment_change_order (modified_at);
CREATE INDEX jc_transaction_modified ON jc_transaction (modified_at);
CREATE INDEX cn_contract_modified ON cn_contract (modified_at);
CREATE INDEX cn_contract_item_modified ON cn_contract_item (modified_at);
CREATE INDEX cn_change_order_modified ON cn_change_order (modified_at);
CREATE INDEX cn_change_order_item_modified ON cn_change_order_item (modified_at);
CREATE INDEX pj_change_request_modified ON pj_change_request (modified_at);
CREATE INDEX pj_change_order_modified ON pj_change_order (modified_at);
CREATE INDEX cn_quick_bill_contract_modified ON cn_quick_bill_contract (modified_at);
CREATE INDEX cn_quick_bill_contract_item_modified ON cn_quick_bill_contract_item (modified_at);
CREATE INDEX ap_invoice_modified ON ap_invoice (modified_at);
CREATE INDEX pr_time_entry_modified ON pr_time_entry (modified_at);

-- A cloud id lands on at most one row of a table.
CREATE UNIQUE INDEX jc_commitment_cloud ON jc_commitment (cloud_id) WHERE cloud_id IS NOT NULL;
CREATE UNIQUE INDEX jc_commitment_item_cloud ON jc_commitment_item (cloud_id) WHERE cloud_id IS NOT NULL;
CREATE UNIQUE INDEX jc_commitment_change_order_cloud ON jc_commitment_change_order (cloud_id) WHERE cloud_id IS NOT NULL;
CREATE UNIQUE INDEX cn_change_order_cloud ON cn_change_order (cloud_id) WHERE cloud_id IS NOT NULL;
CREATE UNIQUE INDEX cn_change_order_item_cloud ON cn_change_order_item (cloud_id) WHERE cloud_id IS NOT NULL;
CREATE UNIQUE INDEX ap_invoice_cloud ON ap_invoice (cloud_id) WHERE cloud_id IS NOT NULL;
CREATE UNIQUE INDEX pr_time_entry_cloud ON pr_time_entry (cloud_id) WHERE cloud_id IS NOT NULL;

-- Lookups by parent that Ferry and the reports make most (by job, by customer).
-- Other child-side foreign keys are unindexed: parents are rarely deleted.
CREATE INDEX ar_customer_by_type ON ar_customer (customer_type);
CREATE INDEX cv_job_by_customer ON cv_job (customer);
CREATE INDEX jc_job_cost_code_by_cost_code ON jc_job_cost_code (cost_code);
CREATE INDEX jc_commitment_by_job ON jc_commitment (job);
CREATE INDEX jc_transaction_by_job ON jc_transaction (job, cost_code);
CREATE INDEX cn_contract_by_job ON cn_contract (job);
CREATE INDEX pr_time_entry_by_job ON pr_time_entry (job, cost_code);

PRAGMA user_version = 1;
