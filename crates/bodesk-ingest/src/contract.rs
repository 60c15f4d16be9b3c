//! The import contract of `shared/spec/erp-exports.md` as data: entities,
//! their columns (generic names, SAP field names, English and German labels),
//! file-name recognition, header mapping and user mapping profiles.
//!
//! The store's tables use the generic column names, so a [`Column::name`] is
//! also a column of the table [`Entity::table`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// One entity of the contract; its table has the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Parts,
    Locations,
    Suppliers,
    Customers,
    Sla,
    Equipment,
    Stock,
    PurchaseOrders,
    Backorders,
    DemandHistory,
    Transfers,
    EquipmentParts,
    Campaigns,
    Substitutes,
    Lanes,
    ServiceEvents,
}

/// What a newer export of an entity does to rows it no longer contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vanished {
    /// Master data and history: kept, flagged `in_export = 0`.
    Flag,
    /// Backorder lines: closed as of the import's as-of date, history kept.
    CloseLine,
    /// Current-state tables (stock, SLA terms, lanes…): deleted.
    Delete,
}

impl Entity {
    /// In dependency order: an entity comes after every entity it references.
    pub const ALL: [Entity; 16] = [
        Entity::Parts,
        Entity::Locations,
        Entity::Suppliers,
        Entity::Customers,
        Entity::Sla,
        Entity::Equipment,
        Entity::Stock,
        Entity::PurchaseOrders,
        Entity::Backorders,
        Entity::DemandHistory,
        Entity::Transfers,
        Entity::EquipmentParts,
        Entity::Campaigns,
        Entity::Substitutes,
        Entity::Lanes,
        Entity::ServiceEvents,
    ];

    pub fn table(self) -> &'static str {
        self.def().table
    }

    pub fn from_name(name: &str) -> Option<Entity> {
        let n = normalize_name(name);
        Entity::ALL
            .into_iter()
            .find(|e| normalize_name(e.table()) == n)
    }

    pub fn def(self) -> &'static EntityDef {
        &ENTITIES[self as usize]
    }

    pub fn vanished(self) -> Vanished {
        match self {
            Entity::Backorders => Vanished::CloseLine,
            Entity::Stock
            | Entity::Sla
            | Entity::EquipmentParts
            | Entity::Campaigns
            | Entity::Substitutes
            | Entity::Lanes => Vanished::Delete,
            _ => Vanished::Flag,
        }
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.table())
    }
}

/// Allowed values of an enumerated column: the stored value and the spellings read as it.
pub type Choices = &'static [(&'static str, &'static [&'static str])];

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// An identifier: trimmed, numeric ids lose leading zeros.
    Id,
    Text,
    /// A decimal within `[min, max]`.
    Number {
        min: f64,
        max: f64,
    },
    Date,
    /// A month, stored as `YYYY-MM`.
    Period,
    Flag,
    Choice(Choices),
    /// Read from the file, not stored: derives another column (SAP's ELIKZ / LOEKZ).
    Derived,
}

const QTY: Kind = Kind::Number {
    min: 0.0,
    max: f64::INFINITY,
};

pub const CRITICALITY: Choices = &[
    ("A", &["a", "1", "high", "critical", "hoch"]),
    ("B", &["b", "2", "medium", "essential", "mittel"]),
    ("C", &["c", "3", "low", "desirable", "niedrig"]),
];
const LIFECYCLE: Choices = &[
    ("active", &["active", "aktiv", ""]),
    ("eol", &["eol", "end of life", "last time buy", "ltb"]),
    ("obsolete", &["obsolete", "obsolet", "discontinued"]),
];
const TIER: Choices = &[
    ("platinum", &["platinum", "platin"]),
    ("gold", &["gold"]),
    ("silver", &["silver", "silber"]),
    ("bronze", &["bronze"]),
];
const LOCATION_KIND: Choices = &[
    (
        "central",
        &["central", "central warehouse", "zentral", "dc"],
    ),
    ("regional", &["regional", "regional warehouse"]),
    ("field", &["field", "field stock", "van", "trunk"]),
    ("depot", &["depot"]),
];
const LINE_STATUS: Choices = &[
    ("open", &["open", "offen"]),
    (
        "closed",
        &[
            "closed",
            "complete",
            "completed",
            "filled",
            "erledigt",
            "geschlossen",
        ],
    ),
    (
        "cancelled",
        &["cancelled", "canceled", "deleted", "storniert", "gelöscht"],
    ),
];
const TRANSFER_STATUS: Choices = &[
    ("planned", &["planned", "geplant"]),
    (
        "in_transit",
        &["in transit", "intransit", "shipped", "unterwegs"],
    ),
    ("blocked", &["blocked", "gesperrt", "on hold", "hold"]),
    (
        "received",
        &["received", "delivered", "erhalten", "geliefert"],
    ),
];
const DIRECTION: Choices = &[
    ("one_way", &["one way", "oneway", "one", "1", ""]),
    ("two_way", &["two way", "twoway", "both", "2"]),
];
const MODE: Choices = &[
    ("air", &["air", "luft", "luftfracht"]),
    (
        "ground",
        &["ground", "road", "truck", "lkw", "strasse", "straße"],
    ),
    ("courier", &["courier", "kurier", "express"]),
];
const OUTCOME: Choices = &[
    ("fixed", &["fixed", "repaired", "behoben"]),
    ("waiting_for_part", &["waiting for part", "waiting"]),
    ("part_unavailable", &["part unavailable", "unavailable"]),
    ("wrong_part", &["wrong part"]),
    ("substitute_used", &["substitute used", "substitute"]),
    ("workaround", &["workaround"]),
    ("deferred", &["deferred", "postponed"]),
];

/// One column of the contract.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Generic name; also the store's column name.
    pub name: &'static str,
    pub kind: Kind,
    /// Part of the row's key.
    pub key: bool,
    /// A value is required (keys always are).
    pub required: bool,
    /// SAP field names, English and German labels.
    pub aliases: &'static [&'static str],
    /// A value must name a known row of this entity.
    pub references: Option<Entity>,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        key: false,
        required: false,
        aliases: &[],
        references: None,
    }
}
const fn key(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        key: true,
        required: true,
        aliases: &[],
        references: None,
    }
}
impl Column {
    const fn req(mut self) -> Column {
        self.required = true;
        self
    }
    const fn aka(mut self, aliases: &'static [&'static str]) -> Column {
        self.aliases = aliases;
        self
    }
    const fn refs(mut self, e: Entity) -> Column {
        self.references = Some(e);
        self
    }
    /// Stored in the entity's table (derived columns are not).
    pub fn is_stored(&self) -> bool {
        self.kind != Kind::Derived
    }
}

/// One entity's part of the contract.
#[derive(Debug)]
pub struct EntityDef {
    pub entity: Entity,
    pub table: &'static str,
    /// Words in a file name that name this entity (besides the table name).
    pub file_names: &'static [&'static str],
    pub columns: &'static [Column],
}

impl EntityDef {
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }
    pub fn stored_columns(&self) -> impl Iterator<Item = &'static Column> {
        self.columns.iter().filter(|c| c.is_stored())
    }
    pub fn key_columns(&self) -> impl Iterator<Item = &'static Column> {
        self.columns.iter().filter(|c| c.key)
    }
}

const MATNR: &[&str] = &[
    "MATNR",
    "Material",
    "Materialnummer",
    "Material Number",
    "Part",
    "Part Number",
];
const WERKS: &[&str] = &["WERKS", "Plant", "Werk"];
const LIFNR: &[&str] = &["LIFNR", "Vendor", "Lieferant", "Supplier"];
const KUNNR: &[&str] = &[
    "KUNNR",
    "Customer",
    "Sold-To Party",
    "Auftraggeber",
    "Kunde",
];

static ENTITIES: [EntityDef; 16] = [
    EntityDef {
        entity: Entity::Parts,
        table: "parts",
        file_names: &[
            "part",
            "material",
            "materials",
            "mara",
            "marc",
            "artikel",
            "item master",
        ],
        columns: &[
            key("part_id", Kind::Id).aka(&[
                "MATNR",
                "Material",
                "Materialnummer",
                "Material Number",
                "Part",
                "Part Number",
            ]),
            col("description", Kind::Text).aka(&[
                "MAKTX",
                "Material Description",
                "Materialkurztext",
                "Description",
                "Beschreibung",
            ]),
            col("unit_cost", QTY).req().aka(&[
                "STPRS",
                "VERPR",
                "Standard Price",
                "Standardpreis",
                "Moving Average Price",
                "Gleitender Durchschnittspreis",
                "Unit Cost",
            ]),
            col("criticality", Kind::Choice(CRITICALITY)).req().aka(&[
                "MAABC",
                "ABC Indicator",
                "ABC-Kennzeichen",
                "ABC",
            ]),
            col("lifecycle", Kind::Choice(LIFECYCLE)).aka(&[
                "MMSTA",
                "Plant-Sp.Matl Status",
                "Plant-Specific Material Status",
                "Werksspezifischer Materialstatus",
            ]),
            col("eol_date", Kind::Date).aka(&["AUSDT", "Effective-Out Date", "Auslaufdatum"]),
            col("successor_part_id", Kind::Id).aka(&[
                "NFMAT",
                "Follow-Up Material",
                "Follow-up Matl",
                "Nachfolgematerial",
            ]),
            col("lead_time_days", QTY).req().aka(&[
                "PLIFZ",
                "Planned Deliv. Time",
                "Planned Delivery Time",
                "Planlieferzeit",
                "Lead Time",
            ]),
            col("primary_supplier_id", Kind::Id).aka(&[
                "LIFNR",
                "Vendor",
                "Lieferant",
                "Supplier",
                "Primary Supplier",
            ]),
            col("safety_stock", QTY).aka(&["EISBE", "Safety Stock", "Sicherheitsbestand"]),
            col("reorder_point", QTY).aka(&["MINBE", "Reorder Point", "Meldebestand"]),
            col("max_stock", QTY).aka(&[
                "MABST",
                "Maximum Stock Level",
                "Höchstbestand",
                "Max Stock",
            ]),
            col("moq", QTY).aka(&["BSTMI", "Minimum Lot Size", "Mindestlosgröße", "MOQ"]),
            col("weight_kg", QTY).aka(&["BRGEW", "Gross Weight", "Bruttogewicht", "Weight"]),
            col("product_line", Kind::Text).aka(&[
                "MATKL",
                "Material Group",
                "Warengruppe",
                "Product Line",
            ]),
        ],
    },
    EntityDef {
        entity: Entity::Locations,
        table: "locations",
        file_names: &[
            "location",
            "plant",
            "plants",
            "werk",
            "werke",
            "t001w",
            "warehouse",
            "warehouses",
            "site",
            "sites",
        ],
        columns: &[
            key("location_id", Kind::Id).aka(&["WERKS", "Plant", "Werk", "Location"]),
            col("name", Kind::Text).aka(&["NAME1", "Name"]),
            col("region", Kind::Text).req().aka(&["REGIO", "Region"]),
            col("country", Kind::Text).aka(&["LAND1", "Country", "Land"]),
            col("kind", Kind::Choice(LOCATION_KIND)).aka(&["Type", "Location Type"]),
            col(
                "latitude",
                Kind::Number {
                    min: -90.0,
                    max: 90.0,
                },
            )
            .aka(&["Lat", "Breitengrad"]),
            col(
                "longitude",
                Kind::Number {
                    min: -180.0,
                    max: 180.0,
                },
            )
            .aka(&["Lon", "Lng", "Long", "Längengrad"]),
        ],
    },
    EntityDef {
        entity: Entity::Suppliers,
        table: "suppliers",
        file_names: &[
            "supplier",
            "vendor",
            "vendors",
            "lfa1",
            "lieferant",
            "lieferanten",
            "kreditor",
            "kreditoren",
        ],
        columns: &[
            key("supplier_id", Kind::Id).aka(&["LIFNR", "Vendor", "Lieferant", "Supplier"]),
            col("name", Kind::Text).aka(&["NAME1", "Name of Vendor", "Name", "Vendor Name"]),
            col("country", Kind::Text).aka(&["LAND1", "Country", "Land"]),
            col(
                "otd_target_pct",
                Kind::Number {
                    min: 0.0,
                    max: 100.0,
                },
            )
            .aka(&["OTD Target", "On-Time Target"]),
            col("consignment", Kind::Flag).aka(&["Konsignation"]),
        ],
    },
    EntityDef {
        entity: Entity::Customers,
        table: "customers",
        file_names: &[
            "customer",
            "kna1",
            "kunde",
            "kunden",
            "debitor",
            "debitoren",
            "sold to",
        ],
        columns: &[
            key("customer_id", Kind::Id).aka(KUNNR),
            col("name", Kind::Text).aka(&["NAME1", "Name", "Customer Name"]),
            col("tier", Kind::Choice(TIER)).req().aka(&[
                "KDGRP",
                "Customer Group",
                "Kundengruppe",
                "Tier",
                "Contract Tier",
            ]),
            col("region", Kind::Text).aka(&["REGIO", "Region"]),
        ],
    },
    EntityDef {
        entity: Entity::Sla,
        table: "sla",
        file_names: &["sla", "slas", "contract terms", "service level"],
        columns: &[
            key("tier", Kind::Choice(TIER)).aka(&[
                "KDGRP",
                "Customer Group",
                "Kundengruppe",
                "Contract Tier",
            ]),
            key("criticality", Kind::Choice(CRITICALITY)).aka(&[
                "MAABC",
                "ABC Indicator",
                "ABC-Kennzeichen",
            ]),
            col("max_backorder_days", QTY)
                .req()
                .aka(&["Max Days", "Max Backorder Days"]),
            col("penalty_per_day", QTY).aka(&["Penalty", "Penalty per Day"]),
        ],
    },
    EntityDef {
        entity: Entity::Equipment,
        table: "equipment",
        file_names: &["equi", "installed base", "machines", "assets"],
        columns: &[
            key("equipment_id", Kind::Id).aka(&["EQUNR", "Equipment"]),
            col("customer_id", Kind::Id)
                .req()
                .refs(Entity::Customers)
                .aka(KUNNR),
            col("location_id", Kind::Id)
                .req()
                .refs(Entity::Locations)
                .aka(WERKS),
            col("model", Kind::Text)
                .req()
                .aka(&["Model", "Modell", "TYPBZ", "Model Number"]),
            col("criticality", Kind::Choice(CRITICALITY)).aka(&["ABC Indicator", "ABCKZ"]),
            col("downtime_cost_per_day", QTY).aka(&["Downtime Cost"]),
            col("failure_prob_90d", Kind::Number { min: 0.0, max: 1.0 })
                .aka(&["Failure Probability"]),
        ],
    },
    EntityDef {
        entity: Entity::Stock,
        table: "stock",
        file_names: &[
            "stock",
            "stocks",
            "mard",
            "bestand",
            "bestaende",
            "inventory",
            "on hand",
        ],
        columns: &[
            key("part_id", Kind::Id).refs(Entity::Parts).aka(MATNR),
            key("location_id", Kind::Id)
                .refs(Entity::Locations)
                .aka(WERKS),
            col("on_hand", QTY).req().aka(&[
                "LABST",
                "Unrestricted",
                "Unrestricted Stock",
                "Frei verwendbar",
                "On Hand",
            ]),
            col("quality_inspection", QTY).aka(&[
                "INSME",
                "Quality Inspection",
                "In Quality Insp.",
                "Qualitätsprüfung",
                "Qualitätsprüfbestand",
            ]),
            col("blocked", QTY).aka(&[
                "SPEME",
                "Blocked",
                "Blocked Stock",
                "Gesperrt",
                "Gesperrter Bestand",
            ]),
            col("in_transit", QTY).aka(&[
                "UMLME",
                "Stock in Transfer",
                "Stock in transfer",
                "Umlagerungsbestand",
                "In Transit",
            ]),
        ],
    },
    EntityDef {
        entity: Entity::PurchaseOrders,
        table: "purchase_orders",
        file_names: &[
            "po",
            "pos",
            "purchase order",
            "purchase orders",
            "purchasing",
            "ekpo",
            "eket",
            "bestellung",
            "bestellungen",
            "schedule lines",
        ],
        columns: &[
            key("po_id", Kind::Id).aka(&[
                "EBELN",
                "Purchasing Document",
                "Einkaufsbeleg",
                "PO",
                "PO Number",
            ]),
            key("po_line", Kind::Id).aka(&["EBELP", "Item", "Position", "PO Item", "Line"]),
            col("part_id", Kind::Id)
                .req()
                .refs(Entity::Parts)
                .aka(MATNR),
            col("supplier_id", Kind::Id)
                .req()
                .refs(Entity::Suppliers)
                .aka(LIFNR),
            col("location_id", Kind::Id)
                .req()
                .refs(Entity::Locations)
                .aka(WERKS),
            col("qty_ordered", QTY).req().aka(&[
                "MENGE",
                "Scheduled Quantity",
                "Order Quantity",
                "Bestellmenge",
                "Einteilungsmenge",
            ]),
            col("qty_received", QTY).aka(&[
                "WEMNG",
                "Qty Delivered",
                "Quantity Delivered",
                "Gelieferte Menge",
            ]),
            col("order_date", Kind::Date).req().aka(&[
                "BEDAT",
                "Document Date",
                "Belegdatum",
                "Order Date",
            ]),
            col("requested_date", Kind::Date).aka(&[
                "SLFDT",
                "Stat. Rel. Del. Date",
                "Statistical Delivery Date",
                "Statistisches Lieferdatum",
            ]),
            col("committed_date", Kind::Date).req().aka(&[
                "EINDT",
                "Delivery Date",
                "Liefertermin",
                "Lieferdatum",
                "Committed Date",
            ]),
            col("received_date", Kind::Date).aka(&[
                "Last Goods Receipt",
                "Letzter Wareneingang",
                "GR Date",
            ]),
            col("status", Kind::Choice(LINE_STATUS)).aka(&["Status"]),
            col("delivery_completed", Kind::Derived).aka(&[
                "ELIKZ",
                "Delivery Completed",
                "Delivery Completed Ind.",
                "Endlieferung",
                "Endlieferungskennzeichen",
            ]),
            col("deletion_indicator", Kind::Derived).aka(&[
                "LOEKZ",
                "Deletion Indicator",
                "Deletion Ind.",
                "Löschkennzeichen",
            ]),
        ],
    },
    EntityDef {
        entity: Entity::Backorders,
        table: "backorders",
        file_names: &[
            "backorder",
            "back order",
            "back orders",
            "open orders",
            "sales orders",
            "sales order",
            "vbap",
            "vbep",
            "rueckstand",
            "rückstand",
            "rückstände",
        ],
        columns: &[
            key("order_id", Kind::Id).aka(&[
                "VBELN",
                "Sales Document",
                "Verkaufsbeleg",
                "Order",
                "Sales Order",
            ]),
            key("order_line", Kind::Id).aka(&["POSNR", "Item", "Position", "Order Item", "Line"]),
            col("customer_id", Kind::Id)
                .req()
                .refs(Entity::Customers)
                .aka(KUNNR),
            col("part_id", Kind::Id)
                .req()
                .refs(Entity::Parts)
                .aka(MATNR),
            col("location_id", Kind::Id)
                .req()
                .refs(Entity::Locations)
                .aka(WERKS),
            col("qty_open", QTY)
                .req()
                .aka(&["OMENG", "Open Quantity", "Open Qty", "Offene Menge"]),
            col("qty_ordered", QTY).aka(&["KWMENG", "Order Quantity", "Auftragsmenge"]),
            col("created_date", Kind::Date).req().aka(&[
                "ERDAT",
                "Created On",
                "Angelegt am",
                "Created",
            ]),
            col("promised_date", Kind::Date).aka(&[
                "EDATU",
                "Schedule Line Date",
                "Einteilungsdatum",
                "Promised Date",
            ]),
            col("equipment_id", Kind::Id).aka(&["EQUNR", "Equipment"]),
            col("status", Kind::Choice(LINE_STATUS)).aka(&["Status"]),
            col("closed_date", Kind::Date).aka(&["Closed On", "Erledigt am"]),
        ],
    },
    EntityDef {
        entity: Entity::DemandHistory,
        table: "demand_history",
        file_names: &[
            "demand",
            "demand history",
            "consumption",
            "verbrauch",
            "bedarf",
            "sales history",
        ],
        columns: &[
            key("period", Kind::Period).aka(&["Month", "Monat", "Periode", "SPMON"]),
            key("part_id", Kind::Id).refs(Entity::Parts).aka(MATNR),
            key("location_id", Kind::Id)
                .refs(Entity::Locations)
                .aka(WERKS),
            col("qty_demanded", QTY)
                .req()
                .aka(&["Demand", "Qty", "Quantity", "Bedarf", "Menge"]),
            col("qty_filled", QTY).aka(&["Filled", "Shipped", "Geliefert"]),
            col(
                "stockout_days",
                Kind::Number {
                    min: 0.0,
                    max: 31.0,
                },
            )
            .aka(&["Stockout Days", "Fehltage"]),
        ],
    },
    EntityDef {
        entity: Entity::Transfers,
        table: "transfers",
        file_names: &[
            "transfer",
            "sto",
            "stos",
            "stock transport",
            "umlagerung",
            "umlagerungen",
        ],
        columns: &[
            key("transfer_id", Kind::Id).aka(&["Transfer", "STO"]),
            col("part_id", Kind::Id)
                .req()
                .refs(Entity::Parts)
                .aka(MATNR),
            col("from_location_id", Kind::Id)
                .req()
                .refs(Entity::Locations)
                .aka(&[
                    "From",
                    "From Location",
                    "Supplying Plant",
                    "RESWK",
                    "Lieferwerk",
                ]),
            col("to_location_id", Kind::Id)
                .req()
                .refs(Entity::Locations)
                .aka(&["To", "To Location", "Receiving Plant", "Empfangswerk"]),
            col("qty", QTY).req().aka(&["Quantity", "Menge", "MENGE"]),
            col("ship_date", Kind::Date).aka(&["Shipped On", "Versanddatum"]),
            col("expected_date", Kind::Date).req().aka(&[
                "Expected",
                "Expected On",
                "EINDT",
                "Delivery Date",
            ]),
            col("received_date", Kind::Date).aka(&["Received On"]),
            col("status", Kind::Choice(TRANSFER_STATUS)).aka(&["Status"]),
        ],
    },
    EntityDef {
        entity: Entity::EquipmentParts,
        table: "equipment_parts",
        file_names: &[
            "equipment part",
            "equipment parts",
            "model parts",
            "bom",
            "stueckliste",
            "stückliste",
        ],
        columns: &[
            key("model", Kind::Text).aka(&["Model", "Modell"]),
            key("part_id", Kind::Id).refs(Entity::Parts).aka(MATNR),
            col("qty_per", QTY)
                .req()
                .aka(&["Qty", "Quantity", "Menge", "Qty per"]),
        ],
    },
    EntityDef {
        entity: Entity::Campaigns,
        table: "campaigns",
        file_names: &["campaign", "retrofit", "retrofits", "kampagne", "kampagnen"],
        columns: &[
            key("campaign_id", Kind::Id).aka(&["Campaign"]),
            col("part_id", Kind::Id)
                .req()
                .refs(Entity::Parts)
                .aka(MATNR),
            col("location_id", Kind::Id)
                .req()
                .refs(Entity::Locations)
                .aka(WERKS),
            col("qty", QTY).req().aka(&["Quantity", "Menge"]),
            col("start_date", Kind::Date)
                .req()
                .aka(&["Start", "Start Date", "Beginn"]),
            col("end_date", Kind::Date)
                .req()
                .aka(&["End", "End Date", "Ende"]),
        ],
    },
    EntityDef {
        entity: Entity::Substitutes,
        table: "substitutes",
        file_names: &[
            "substitute",
            "substitution",
            "substitutions",
            "interchangeability",
            "interchange",
            "ersatz",
        ],
        columns: &[
            key("part_id", Kind::Id).refs(Entity::Parts).aka(MATNR),
            key("substitute_part_id", Kind::Id)
                .refs(Entity::Parts)
                .aka(&["Substitute", "Substitute Material", "Ersatzmaterial"]),
            col("direction", Kind::Choice(DIRECTION)).aka(&["Direction", "Richtung"]),
            col(
                "ratio",
                Kind::Number {
                    min: 0.0,
                    max: f64::INFINITY,
                },
            )
            .aka(&["Ratio", "Faktor"]),
            col("valid_from", Kind::Date).aka(&["Valid From", "Gültig ab"]),
        ],
    },
    EntityDef {
        entity: Entity::Lanes,
        table: "lanes",
        file_names: &[
            "lane",
            "freight",
            "freight lanes",
            "routes",
            "route",
            "fracht",
        ],
        columns: &[
            key("from_id", Kind::Id).aka(&["From", "Origin"]),
            key("to_location_id", Kind::Id)
                .refs(Entity::Locations)
                .aka(&["To", "Destination"]),
            key("mode", Kind::Choice(MODE)).aka(&["Mode", "Transport Mode", "Versandart"]),
            col("transit_days", QTY)
                .req()
                .aka(&["Transit Days", "Transit Time", "Transitzeit"]),
            col("cost_fixed", QTY).aka(&["Fixed Cost"]),
            col("cost_per_kg", QTY).aka(&["Cost per kg"]),
        ],
    },
    EntityDef {
        entity: Entity::ServiceEvents,
        table: "service_events",
        file_names: &[
            "service event",
            "service events",
            "service",
            "notification",
            "notifications",
            "qmel",
            "meldung",
            "meldungen",
            "field service",
        ],
        columns: &[
            key("event_id", Kind::Id).aka(&["QMNUM", "AUFNR", "Notification", "Order", "Meldung"]),
            col("date", Kind::Date)
                .req()
                .aka(&["QMDAT", "Notification Date", "Meldungsdatum"]),
            col("equipment_id", Kind::Id).aka(&["EQUNR", "Equipment"]),
            col("part_id", Kind::Id).aka(MATNR),
            col("location_id", Kind::Id).aka(WERKS),
            col("technician_id", Kind::Id).aka(&["Technician"]),
            col("outcome", Kind::Choice(OUTCOME))
                .req()
                .aka(&["Outcome", "Result"]),
            col("note", Kind::Text).aka(&["Note", "Text", "Comment"]),
        ],
    },
];

/// Column names match case-insensitively, ignoring spaces, `_`, `-` and `.`;
/// German umlauts also match their two-letter spellings (`ö` = `oe`).
pub fn normalize_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            ' ' | '_' | '-' | '.' | '\u{a0}' => {}
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A value of a [`Kind::Choice`] column to its stored spelling.
pub fn choose(choices: Choices, raw: &str) -> Option<&'static str> {
    // Most values are one short ASCII word (`open`, `A`, `gold`): lower-cased
    // on the stack, they need none of the allocations below.
    let t = raw.trim().as_bytes();
    if !t.is_empty() && t.len() <= 32 && t.iter().all(u8::is_ascii_alphanumeric) {
        let mut buf = [0u8; 32];
        for (o, b) in buf.iter_mut().zip(t) {
            *o = b.to_ascii_lowercase();
        }
        let v = std::str::from_utf8(&buf[..t.len()]).unwrap_or_default();
        // A word without `_` equals `stored` with `_` read as a space only
        // when `stored` has no `_` either.
        return choices
            .iter()
            .find(|(stored, spellings)| *stored == v || spellings.contains(&v))
            .map(|(stored, _)| *stored);
    }
    let v = raw.trim().to_lowercase().replace(['_', '-'], " ");
    let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
    choices
        .iter()
        .find(|(stored, spellings)| {
            v == stored.replace('_', " ") || spellings.contains(&v.as_str())
        })
        .map(|(stored, _)| *stored)
}

/// Words of a file name: lower-case runs of letters (digits split words).
fn name_words(stem: &str) -> Vec<String> {
    stem.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn singular(w: &str) -> &str {
    w.strip_suffix('s').filter(|s| s.len() > 2).unwrap_or(w)
}

/// The entity a file name names, when it names exactly one: the longest
/// matching name wins (`equipment_parts` is not `parts`).
pub fn entity_from_file_name(path: &Path, profile: Option<&Profile>) -> Option<Entity> {
    let file = path.file_name()?.to_string_lossy().to_lowercase();
    if let Some(p) = profile {
        for (entity, spec) in &p.entities {
            if spec
                .files
                .iter()
                .any(|pat| glob_match(&pat.to_lowercase(), &file))
            {
                return Some(*entity);
            }
        }
    }
    let stem = path.file_stem()?.to_string_lossy().to_string();
    let words = name_words(&stem);
    let words: Vec<&str> = words.iter().map(|w| singular(w)).collect();
    let mut best: Option<(usize, Entity)> = None;
    let mut tie = false;
    for e in Entity::ALL {
        let def = e.def();
        let names = std::iter::once(def.table).chain(def.file_names.iter().copied());
        let mut longest = 0;
        for name in names {
            let n = name_words(name);
            let n: Vec<&str> = n.iter().map(|w| singular(w)).collect();
            if n.is_empty() || n.len() > words.len() {
                continue;
            }
            if words.windows(n.len()).any(|w| w == n.as_slice()) {
                longest = longest.max(n.iter().map(|w| w.len()).sum::<usize>() + n.len());
            }
        }
        if longest == 0 {
            continue;
        }
        match best {
            Some((l, _)) if l > longest => {}
            Some((l, _)) if l == longest => tie = true,
            _ => {
                best = Some((longest, e));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.map(|(_, e)| e)
    }
}

/// `*` matches any run of characters, `?` one character.
fn glob_match(pat: &str, s: &str) -> bool {
    let (p, s): (Vec<char>, Vec<char>) = (pat.chars().collect(), s.chars().collect());
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// A user's mapping profile (TOML): which file names and columns mean which
/// entity and column, for an ERP whose exports the built-in vocabularies miss.
///
/// ```toml
/// name = "Acme ERP"
/// [entities.parts]
/// files = ["ARTIKEL*.csv"]
/// [entities.parts.columns]
/// part_id = "Artikelnummer"
/// unit_cost = ["EK-Preis", "Preis"]
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub entities: BTreeMap<Entity, ProfileEntity>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileEntity {
    /// File-name patterns (`*`, `?`), case-insensitive.
    #[serde(default)]
    pub files: Vec<String>,
    /// Contract column name to the file's header name(s).
    #[serde(default)]
    pub columns: BTreeMap<String, OneOrMany>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

impl Profile {
    /// Parses and checks a profile: entities and column names must exist.
    pub fn from_toml(text: &str) -> Result<Profile, String> {
        let p: Profile = toml::from_str(text).map_err(|e| e.to_string())?;
        for (entity, spec) in &p.entities {
            for column in spec.columns.keys() {
                if entity.def().column(column).is_none() {
                    let known: Vec<&str> = entity.def().columns.iter().map(|c| c.name).collect();
                    return Err(format!(
                        "entity `{entity}` has no column `{column}` (its columns: {})",
                        known.join(", ")
                    ));
                }
            }
        }
        Ok(p)
    }
}

/// How a file's header maps onto an entity's columns.
#[derive(Debug, Clone, Serialize)]
pub struct Mapping {
    pub entity: Entity,
    /// For each contract column (in `EntityDef::columns` order), the file column read.
    pub source: Vec<Option<usize>>,
    /// Header names that map to nothing: kept nowhere, reported once.
    pub ignored: Vec<String>,
    /// Required contract columns the header lacks.
    pub missing: Vec<&'static str>,
}

impl Mapping {
    /// Pairs of (contract column, file header) for display.
    pub fn pairs<'h>(&self, header: &'h [String]) -> Vec<(&'static str, &'h str)> {
        let def = self.entity.def();
        self.source
            .iter()
            .enumerate()
            .filter_map(|(ci, s)| s.map(|i| (def.columns[ci].name, header[i].as_str())))
            .collect()
    }
}

/// Maps a header onto an entity: the profile's names first, then the
/// generic name, then the SAP names and labels. Each file column is used once.
pub fn map_header(entity: Entity, header: &[String], profile: Option<&Profile>) -> Mapping {
    let def = entity.def();
    let norm: Vec<String> = header.iter().map(|h| normalize_name(h)).collect();
    let mut used = vec![false; header.len()];
    let mut source = vec![None; def.columns.len()];
    let user = profile.and_then(|p| p.entities.get(&entity));
    // Three rounds, so that a generic name always beats an alias of another column.
    for round in 0..3 {
        for (ci, c) in def.columns.iter().enumerate() {
            if source[ci].is_some() {
                continue;
            }
            let candidates: Vec<String> = match round {
                0 => user
                    .and_then(|u| u.columns.get(c.name))
                    .map(|n| n.names().into_iter().map(normalize_name).collect())
                    .unwrap_or_default(),
                1 => vec![normalize_name(c.name)],
                _ => c.aliases.iter().map(|a| normalize_name(a)).collect(),
            };
            for cand in candidates {
                if let Some(i) = (0..norm.len()).find(|&i| !used[i] && norm[i] == cand) {
                    used[i] = true;
                    source[ci] = Some(i);
                    break;
                }
            }
        }
    }
    let ignored = header
        .iter()
        .zip(&used)
        .filter(|(h, u)| !**u && !h.trim().is_empty())
        .map(|(h, _)| h.clone())
        .collect();
    let missing = def
        .columns
        .iter()
        .zip(&source)
        .filter(|(c, s)| c.required && s.is_none())
        .map(|(c, _)| c.name)
        .collect();
    Mapping {
        entity,
        source,
        ignored,
        missing,
    }
}

/// The entity whose columns a header matches best, when the file name says
/// nothing: every key column present, then the most required columns, then
/// the most columns matched.
pub fn entity_from_header(header: &[String], profile: Option<&Profile>) -> Option<Entity> {
    let mut best: Option<((usize, usize, usize), Entity)> = None;
    let mut tie = false;
    for e in Entity::ALL {
        let m = map_header(e, header, profile);
        let def = e.def();
        let keys_ok = def
            .columns
            .iter()
            .zip(&m.source)
            .all(|(c, s)| !c.key || s.is_some());
        if !keys_ok {
            continue;
        }
        let req = def
            .columns
            .iter()
            .zip(&m.source)
            .filter(|(c, s)| c.required && s.is_some())
            .count();
        let total = m.source.iter().filter(|s| s.is_some()).count();
        let score = (usize::from(m.missing.is_empty()), req, total);
        match &best {
            Some((b, _)) if *b > score => {}
            Some((b, _)) if *b == score => tie = true,
            _ => {
                best = Some((score, e));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.filter(|(s, _)| s.0 == 1).map(|(_, e)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn by_name(names: &[&str]) -> String {
        names
            .iter()
            .map(|n| {
                let e = entity_from_file_name(Path::new(n), None);
                format!(
                    "{n} => {}\n",
                    e.map(|e| e.to_string()).unwrap_or("?".into())
                )
            })
            .collect()
    }

    #[test]
    fn file_names_name_entities() {
        expect![[r#"
            parts.csv => parts
            PARTS_2026-11-24.txt => parts
            sap_stock.csv => stock
            equipment_parts.csv => equipment_parts
            equipment.csv => equipment
            purchase_orders.csv => purchase_orders
            EKPO_export.txt => purchase_orders
            Rückstände.csv => backorders
            demand_history_2026.csv => demand_history
            service_events.csv => service_events
            report.csv => ?
            export_20261124.csv => ?
            sla.csv => sla
            lanes.csv => lanes
            vendors.txt => suppliers
        "#]]
        .assert_eq(&by_name(&[
            "parts.csv",
            "PARTS_2026-11-24.txt",
            "sap_stock.csv",
            "equipment_parts.csv",
            "equipment.csv",
            "purchase_orders.csv",
            "EKPO_export.txt",
            "Rückstände.csv",
            "demand_history_2026.csv",
            "service_events.csv",
            "report.csv",
            "export_20261124.csv",
            "sla.csv",
            "lanes.csv",
            "vendors.txt",
        ]));
    }

    fn header(s: &str) -> Vec<String> {
        s.split(',').map(str::to_string).collect()
    }

    #[test]
    fn headers_name_entities() {
        let cases = [
            "Material,Plant,Unrestricted,Blocked",
            "MATNR,WERKS,LABST",
            "Materialnummer,Werk,Frei verwendbar,Qualitätsprüfung",
            "VBELN,POSNR,KUNNR,MATNR,WERKS,OMENG,ERDAT",
            "EBELN,EBELP,MATNR,LIFNR,WERKS,MENGE,BEDAT,EINDT,ELIKZ",
            "part_id,unit_cost,criticality,lead_time_days",
            "period,part_id,location_id,qty_demanded",
            "foo,bar",
        ];
        let out: String = cases
            .iter()
            .map(|c| {
                let e = entity_from_header(&header(c), None);
                format!(
                    "{c} => {}\n",
                    e.map(|e| e.to_string()).unwrap_or("?".into())
                )
            })
            .collect();
        expect![[r#"
            Material,Plant,Unrestricted,Blocked => stock
            MATNR,WERKS,LABST => stock
            Materialnummer,Werk,Frei verwendbar,Qualitätsprüfung => stock
            VBELN,POSNR,KUNNR,MATNR,WERKS,OMENG,ERDAT => backorders
            EBELN,EBELP,MATNR,LIFNR,WERKS,MENGE,BEDAT,EINDT,ELIKZ => purchase_orders
            part_id,unit_cost,criticality,lead_time_days => parts
            period,part_id,location_id,qty_demanded => demand_history
            foo,bar => ?
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn mapping_reports_ignored_and_missing() {
        let m = map_header(
            Entity::Stock,
            &header("Material,Plant,Lagerort,Gesperrt"),
            None,
        );
        expect![[r#"([("part_id", "Material"), ("location_id", "Plant"), ("blocked", "Gesperrt")], ["Lagerort"], ["on_hand"])"#]]
            .assert_eq(&format!("{:?}", (m.pairs(&header("Material,Plant,Lagerort,Gesperrt")), m.ignored, m.missing)));
    }

    #[test]
    fn every_entity_finds_its_own_definition() {
        for e in Entity::ALL {
            assert_eq!(e.def().entity, e);
            assert_eq!(Entity::from_name(e.table()), Some(e));
            assert!(e.def().key_columns().count() > 0, "{e} has a key");
        }
    }

    #[test]
    fn names_normalize() {
        assert_eq!(normalize_name(" Mindestlosgröße "), "mindestlosgroesse");
        assert_eq!(normalize_name("Planned Deliv. Time"), "planneddelivtime");
        assert_eq!(normalize_name("qty_open"), normalize_name("QTY-OPEN"));
    }

    #[test]
    fn profile_maps_columns_and_files() {
        let p = Profile::from_toml(
            "name = \"Acme\"\n[entities.parts]\nfiles = [\"ARTIKEL*\"]\n[entities.parts.columns]\npart_id = \"Artikelnr\"\nunit_cost = [\"EK-Preis\", \"Preis\"]\n",
        )
        .unwrap();
        assert_eq!(
            entity_from_file_name(Path::new("/x/ARTIKEL_2026.csv"), Some(&p)),
            Some(Entity::Parts)
        );
        let m = map_header(
            Entity::Parts,
            &header("Artikelnr,Preis,ABC,PLIFZ"),
            Some(&p),
        );
        assert!(m.missing.is_empty(), "{:?}", m.missing);
        let err = Profile::from_toml("[entities.parts.columns]\nprice = \"X\"\n").unwrap_err();
        assert!(err.contains("no column `price`"), "{err}");
        assert!(Profile::from_toml("[entities.widgets]\n").is_err());
    }

    #[test]
    fn choices_accept_spellings() {
        assert_eq!(choose(CRITICALITY, "high"), Some("A"));
        assert_eq!(choose(CRITICALITY, " 2 "), Some("B"));
        assert_eq!(choose(TIER, "GOLD"), Some("gold"));
        assert_eq!(choose(TRANSFER_STATUS, "in_transit"), Some("in_transit"));
        assert_eq!(choose(DIRECTION, "two-way"), Some("two_way"));
        assert_eq!(choose(TIER, "diamond"), None);
    }
}
