"""The billing and trust kinds of practice data (bills, trust lines, bank accounts and
transactions, line items, allocations, credit memos, custom rates, online payment links and
payments, interest charges, client balances) and their fields, in Clio v4 names.
`app.export.kinds` has every kind in the order an export takes them."""

from __future__ import annotations

from app.export.kind_fields import Kind, field_list

BILLS = Kind(
    "bills",
    "bills",
    "Bills",
    "Bill",
    field_list(
        "id",
        "etag",
        "number",
        "type",
        "kind",
        "state",
        "subject",
        "memo",
        "purchase_order",
        "issued_at",
        "due_at",
        "start_at",
        "end_at",
        "tax_rate",
        "secondary_tax_rate",
        "sub_total",
        "tax_sum",
        "secondary_tax_sum",
        "total_tax",
        "total",
        "paid",
        "paid_at",
        "pending",
        "due",
        "balance",
        "credits_issued",
        "shared",
        "last_sent_at",
        "can_update",
        "created_at",
        "updated_at",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "client{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "matters[]{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
    ),
)


TRUST_LINE_ITEMS = Kind(
    "trust_line_items",
    "trust_line_items",
    "Trust line items",
    "TrustLineItem",
    field_list(
        "id",
        "etag",
        "date",
        "total",
        "note",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "client{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
    ),
)

BANK_ACCOUNTS = Kind(
    "bank_accounts",
    "bank_accounts",
    "Bank accounts",
    "BankAccount",
    field_list(
        "id",
        "etag",
        "name",
        "type",
        "account_number",
        "transit_number",
        "swift",
        "institution",
        "domicile_branch",
        "holder",
        "general_ledger_number",
        "currency",
        "currency_symbol",
        "currency_id",
        "balance",
        "bank_transactions_count",
        "default_account",
        "controlled_account",
        "clio_payments_enabled",
        "clio_payment_page_link",
        "clio_payment_page_qr_code",
        "created_at",
        "updated_at",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
    ),
)

BANK_TRANSACTIONS = Kind(
    "bank_transactions",
    "bank_transactions",
    "Bank transactions",
    "BankTransaction",
    field_list(
        "id",
        "etag",
        "type",
        "bank_account_id",
        "source",
        "confirmation",
        "read_only_confirmation",
        "date",
        "amount",
        "funds_in",
        "funds_out",
        "current_account_balance",
        "currency",
        "currency_id",
        "exchange_rate",
        "description",
        "transaction_type",
        "clio_payments_transaction",
        "created_at",
        "updated_at",
        "bank_account{id,etag,name,type,account_number,institution,holder,currency,"
        "default_account}",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "client{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
        "allocation{id,etag,date,amount,description,payment_type,voided_at}",
    ),
)

LINE_ITEMS = Kind(
    "line_items",
    "line_items",
    "Bill line items",
    "LineItem",
    field_list(
        "id",
        "etag",
        "type",
        "kind",
        "description",
        "note",
        "date",
        "quantity",
        "price",
        "sub_total",
        "tax",
        "secondary_tax",
        "total",
        "taxable",
        "secondary_taxable",
        "group_ordering",
        "created_at",
        "updated_at",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
        "activity{id,etag,type,date,quantity_in_hours,price,total,note,billed,non_billable,"
        "no_charge}",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "discount{rate,type,note,early_payment_rate,early_payment_period}",
        "included_line_item_totals{quantity,price,discount_percent,total,sub_total}",
    ),
)

ALLOCATIONS = Kind(
    "allocations",
    "allocations",
    "Payment allocations",
    "Allocation",
    field_list(
        "id",
        "etag",
        "date",
        "amount",
        "interest",
        "description",
        "payment_type",
        "has_online_payment",
        "destroyable",
        "voided_at",
        "created_at",
        "updated_at",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "source_bank_account{id,etag,name,type,account_number,institution,holder,currency,"
        "default_account}",
        "destination_bank_account{id,etag,name,type,account_number,institution,holder,currency,"
        "default_account}",
        "parent{id,type,identifier,secondary_identifier,tertiary_identifier}",
    ),
)

CREDIT_MEMOS = Kind(
    "credit_memos",
    "credit_memos",
    "Credit memos",
    "CreditMemo",
    field_list(
        "id",
        "etag",
        "date",
        "amount",
        "description",
        "discount",
        "voided_at",
        "created_at",
        "updated_at",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "allocations[]{id,etag,date,amount,description,payment_type,voided_at}",
    ),
)

ACTIVITY_RATES = Kind(
    "activity_rates",
    "activity_rates",
    "Custom billing rates",
    "ActivityRate",
    field_list(
        "id",
        "etag",
        "rate",
        "flat_rate",
        "contact_id",
        "co_counsel_contact_id",
        "created_at",
        "updated_at",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "group{id,etag,name,type,client_connect_user,updated_at}",
    ),
)

ONLINE_PAYMENT_LINKS = Kind(
    "online_payment_links",
    "clio_payments/links",
    "Online payment links",
    "ClioPaymentsLink",
    field_list(
        "id",
        "etag",
        "active",
        "amount",
        "currency",
        "description",
        "email_address",
        "expires_at",
        "is_allocated_as_revenue",
        "redirect_url",
        "url",
        "created_at",
        "bank_account{id,etag,name,type,account_number,institution,holder,currency,"
        "default_account}",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
        "clio_payments_payment{id,amount,confirmation_number,currency,state,created_at,updated_at}",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "destination_account{id,etag,name,type,account_number,institution,holder,currency,"
        "default_account}",
        "destination_contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
    ),
)

ONLINE_PAYMENTS = Kind(
    "online_payments",
    "clio_payments/payments",
    "Online payments",
    "ClioPaymentsPayment",
    field_list(
        "id",
        "amount",
        "confirmation_number",
        "currency",
        "deposit_as_revenue",
        "description",
        "email_address",
        "state",
        "created_at",
        "updated_at",
        "bank_transaction{id,etag,type,bank_account_id,date,amount,funds_in,funds_out,"
        "description,transaction_type}",
        "clio_payments_link{id,etag,active,amount,currency,description,url,expires_at}",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "destination_account{id,etag,name,type,account_number,institution,holder,currency,"
        "default_account}",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "allocations[]{id,etag,date,amount,description,payment_type,voided_at}",
        "bills[]{id,etag,number,state,issued_at,due_at,total,balance}",
        "matters[]{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
    ),
)

INTEREST_CHARGES = Kind(
    "interest_charges",
    "interest_charges",
    "Interest charges",
    "InterestCharge",
    field_list(
        "id",
        "etag",
        "date",
        "description",
        "total",
        "created_at",
        "updated_at",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
        "balances[]{id,amount,type,interest_amount,due}",
        "matters[]{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
    ),
)

OUTSTANDING_CLIENT_BALANCES = Kind(
    "outstanding_client_balances",
    "outstanding_client_balances",
    "Outstanding client balances",
    "OutstandingClientBalance",
    field_list(
        "id",
        "etag",
        "associated_matter_ids",
        "last_payment_date",
        "last_shared_date",
        "newest_issued_bill_due_date",
        "pending_payments_total",
        "reminders_enabled",
        "total_outstanding_balance",
        "total_outstanding_balance_by_currency",
        "created_at",
        "updated_at",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "currency{id,etag,code,sign,created_at,updated_at}",
        "outstanding_bills[]{id,etag,number,state,issued_at,due_at,total,balance}",
    ),
)
