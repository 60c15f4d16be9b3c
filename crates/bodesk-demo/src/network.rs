//! Master data of the demo network: calendar, locations, suppliers, parts,
//! customers, installed base, BOMs, campaigns, substitutes, lanes.
//!
//! Everything here is small enough to hold in memory even for the large
//! network (50k parts, 200 locations); the big tables are streamed by
//! [`crate::sim`].

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};

use crate::rng::Rng;
use crate::stories as st;
use crate::Size;

pub(crate) type Day = i32;

pub(crate) fn day(d: NaiveDate) -> Day {
    d.num_days_from_ce()
}

pub(crate) fn date(d: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(d).expect("date in range")
}

pub(crate) fn month_end(d: NaiveDate) -> NaiveDate {
    let first = d.with_day(1).expect("day 1");
    first + Months::new(1) - chrono::Days::new(1)
}

/// Sizes of one network.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    pub regions: usize,
    pub regionals: usize,
    pub fields: usize,
    pub parts: usize,
    pub suppliers: usize,
    pub customers: usize,
    pub models: usize,
    /// Mean number of stocking locations of a part beyond its home central.
    pub extra_locations: f64,
    /// Months of demand history in an export.
    pub history_months: usize,
    /// Months simulated before the first month any export shows.
    pub warmup_months: usize,
    /// Safety-stock factor: lower means more stockouts and backorders.
    pub service: f64,
    /// Share of the late supplier among primary suppliers.
    pub late_supplier_share: f64,
    /// Orders in a month with demand: `1 + geometric(order_cont)`.
    pub order_cont: f64,
    /// Scales the continuation chance of an order's size (smaller orders).
    pub size_scale: f64,
}

impl Params {
    pub(crate) fn of(size: Size) -> Params {
        match size {
            Size::Small => Params {
                regions: 3,
                regionals: 2,
                fields: 4,
                parts: 360,
                suppliers: 12,
                customers: 60,
                models: 12,
                extra_locations: 3.5,
                history_months: 30,
                warmup_months: 6,
                service: 0.5,
                late_supplier_share: 0.10,
                order_cont: 0.45,
                size_scale: 1.0,
            },
            Size::Large => Params {
                regions: 4,
                regionals: 9,
                fields: 40,
                parts: 50_000,
                suppliers: 400,
                customers: 5_000,
                models: 400,
                extra_locations: 3.3,
                history_months: 30,
                warmup_months: 6,
                service: 0.25,
                late_supplier_share: 0.03,
                order_cont: 0.7,
                size_scale: 0.4,
            },
        }
    }
}

/// Simulated months and the exports' as-of dates.
#[derive(Debug, Clone)]
pub(crate) struct Calendar {
    /// First day of each simulated month.
    pub months: Vec<NaiveDate>,
    /// Month starts as days, plus one past the end.
    pub month_days: Vec<Day>,
    /// As-of dates (month ends), oldest first.
    pub as_of: Vec<NaiveDate>,
    /// Index into `months` of each as-of date's month.
    pub as_of_month: Vec<usize>,
    pub last: Day,
}

impl Calendar {
    pub(crate) fn new(last_as_of: NaiveDate, exports: usize, params: &Params) -> Calendar {
        let last = month_end(last_as_of);
        let last_first = last.with_day(1).expect("day 1");
        // The simulation starts at the same month for up to 12 exports, so
        // that the last export does not depend on how many came before it.
        let n = params.warmup_months + params.history_months + exports.max(12) - 1;
        let months: Vec<NaiveDate> = (0..n)
            .map(|i| last_first - Months::new((n - 1 - i) as u32))
            .collect();
        let mut month_days: Vec<Day> = months.iter().map(|&m| day(m)).collect();
        month_days.push(day(last) + 1);
        let as_of_month: Vec<usize> = (0..exports).map(|k| n - exports + k).collect();
        let as_of = as_of_month.iter().map(|&m| month_end(months[m])).collect();
        Calendar {
            months,
            month_days,
            as_of,
            as_of_month,
            last: day(last),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LocKind {
    Central,
    Regional,
    Field,
}

#[derive(Debug, Clone)]
pub(crate) struct Location {
    pub id: String,
    pub name: String,
    pub region: usize,
    pub country: &'static str,
    pub kind: LocKind,
    pub lat: f64,
    pub lon: f64,
    /// Where replenishment comes from (regional: the central; field: a regional).
    pub parent: Option<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Supplier {
    pub id: u64,
    pub name: String,
    pub country: &'static str,
    pub region: usize,
    /// Contractual on-time target, in tenths of a percent.
    pub otd_target_tenths: i64,
    pub consignment: bool,
    /// Chance a PO line arrives by its committed date.
    pub on_time: f64,
    /// Mean days late when late.
    pub late_mean: f64,
    /// Chance a PO line is stuck for months.
    pub stuck: f64,
    /// Chance the committed date is later than requested.
    pub push: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lifecycle {
    Active,
    Eol,
    Obsolete,
}

#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub id: u64,
    pub description: String,
    pub cost_cents: i64,
    /// 0 = A, 1 = B, 2 = C.
    pub crit: u8,
    pub lifecycle: Lifecycle,
    pub eol_date: Option<Day>,
    /// No replenishment from this day on.
    pub supply_stops: Option<Day>,
    pub successor: Option<usize>,
    pub lead_days: i64,
    pub supplier: usize,
    pub moq: i64,
    pub weight_g: i64,
    pub line: usize,
    /// Chance of demand in a month at a typical location.
    pub velocity: f64,
    /// Order size: 1 + geometric with this continuation chance.
    pub size_p: f64,
    pub home: usize,
    /// Stocking locations (indices, ascending).
    pub locations: Vec<u16>,
    /// Regional locations order from the supplier directly (else from the central).
    pub direct_regional: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Customer {
    pub id: u64,
    pub name: String,
    /// 0 platinum, 1 gold, 2 silver, 3 bronze.
    pub tier: u8,
    pub region: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub name: String,
    pub bom: Vec<(usize, i64)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Equipment {
    pub id: u64,
    pub customer: usize,
    pub location: usize,
    pub model: usize,
    pub crit: Option<u8>,
    pub downtime_cents: i64,
    pub failure_milli: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Campaign {
    pub id: String,
    pub part: usize,
    pub location: usize,
    pub qty: i64,
    pub start: Day,
    pub end: Day,
    /// First as-of date whose export lists it.
    pub announced: Day,
    /// Adds demand (the story campaign); planned ones do not yet.
    pub drives_demand: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Substitute {
    pub part: usize,
    pub substitute: usize,
    pub two_way: bool,
    pub ratio: i64,
    pub valid_from: Option<Day>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Origin {
    Location(usize),
    Supplier(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct Lane {
    pub from: Origin,
    pub to: usize,
    /// 0 ground, 1 air, 2 courier.
    pub mode: u8,
    pub transit_days: i64,
    pub fixed_cents: i64,
    pub per_kg_cents: i64,
}

#[derive(Debug)]
pub(crate) struct Network {
    pub params: Params,
    pub seed: u64,
    pub cal: Calendar,
    pub locations: Vec<Location>,
    pub suppliers: Vec<Supplier>,
    pub parts: Vec<Part>,
    pub customers: Vec<Customer>,
    pub models: Vec<Model>,
    pub equipment: Vec<Equipment>,
    pub campaigns: Vec<Campaign>,
    pub substitutes: Vec<Substitute>,
    pub lanes: Vec<Lane>,
    /// Per region: customers and their cumulative selection weights.
    pub region_customers: Vec<(Vec<usize>, Vec<f64>)>,
    /// Per part: equipment whose model uses it.
    pub part_equipment: Vec<Vec<u32>>,
    /// Per region: technicians' ids.
    pub technicians: Vec<Vec<String>>,
    pub by_id: HashMap<String, usize>,
    /// Transit days between two locations (ground if there is a ground lane).
    pub transit_days: HashMap<(usize, usize), i64>,
}

pub(crate) const REGIONS: [&str; 4] = ["EMEA", "AMER", "APAC", "LATAM"];
const REGION_LETTER: [char; 4] = ['E', 'A', 'P', 'L'];
/// Share of parts whose home is each region (LATAM only in the large network).
const REGION_WEIGHT: [f64; 4] = [0.40, 0.33, 0.20, 0.07];

pub(crate) const PRODUCT_LINES: [&str; 8] = [
    "Imaging", "Pumps", "Motion", "Power", "Cooling", "Controls", "Optics", "Sensors",
];
const LINE_CODES: [&str; 8] = ["IMG", "PMP", "MOT", "PWR", "CLG", "CTL", "OPT", "SNS"];
const COMPONENTS: [[&str; 6]; 8] = [
    [
        "X-ray tube",
        "Detector panel",
        "Collimator",
        "Gantry bearing",
        "HV cable",
        "Slip ring",
    ],
    [
        "Seal kit",
        "Impeller",
        "Pump motor",
        "Bearing set",
        "Valve block",
        "Diaphragm",
    ],
    [
        "Servo drive",
        "Linear guide",
        "Ball screw",
        "Timing belt",
        "Encoder",
        "Gearbox",
    ],
    [
        "Power supply",
        "UPS battery",
        "Fuse block",
        "Contactor",
        "Transformer",
        "Inverter",
    ],
    [
        "Chiller fan",
        "Heat exchanger",
        "Coolant pump",
        "Thermostat",
        "Compressor",
        "Filter mat",
    ],
    [
        "Control board",
        "Touch panel",
        "PLC module",
        "I/O card",
        "Relay board",
        "CPU board",
    ],
    [
        "Lens assembly",
        "Laser diode",
        "Fiber cable",
        "Mirror mount",
        "Filter wheel",
        "Shutter",
    ],
    [
        "Pressure sensor",
        "Temperature probe",
        "Flow meter",
        "Proximity switch",
        "Level sensor",
        "Gas sensor",
    ],
];

type City = (&'static str, &'static str, f64, f64);

const CITIES: [&[City]; 4] = [
    &[
        ("Frankfurt", "DE", 50.11, 8.68),
        ("Rotterdam", "NL", 51.92, 4.48),
        ("Milano", "IT", 45.46, 9.19),
        ("Madrid", "ES", 40.42, -3.70),
        ("Paris", "FR", 48.86, 2.35),
        ("London", "GB", 51.51, -0.13),
        ("Stockholm", "SE", 59.33, 18.07),
        ("Warszawa", "PL", 52.23, 21.01),
        ("Wien", "AT", 48.21, 16.37),
        ("Zürich", "CH", 47.38, 8.54),
        ("Köln", "DE", 50.94, 6.96),
        ("München", "DE", 48.14, 11.58),
        ("Lyon", "FR", 45.76, 4.84),
        ("Dublin", "IE", 53.35, -6.26),
        ("Praha", "CZ", 50.08, 14.44),
        ("Budapest", "HU", 47.50, 19.04),
        ("Lisboa", "PT", 38.72, -9.14),
        ("Bruxelles", "BE", 50.85, 4.35),
        ("København", "DK", 55.68, 12.57),
        ("Oslo", "NO", 59.91, 10.75),
        ("Helsinki", "FI", 60.17, 24.94),
        ("Hamburg", "DE", 53.55, 9.99),
        ("Düsseldorf", "DE", 51.23, 6.78),
        ("Göteborg", "SE", 57.71, 11.97),
        ("Kraków", "PL", 50.06, 19.94),
        ("Barcelona", "ES", 41.39, 2.17),
        ("Istanbul", "TR", 41.01, 28.98),
        ("Dubai", "AE", 25.20, 55.27),
        ("Johannesburg", "ZA", -26.20, 28.05),
        ("Athína", "GR", 37.98, 23.73),
        ("Manchester", "GB", 53.48, -2.24),
        ("Torino", "IT", 45.07, 7.69),
        ("Marseille", "FR", 43.30, 5.37),
        ("Stuttgart", "DE", 48.78, 9.18),
        ("Leipzig", "DE", 51.34, 12.37),
        ("Bratislava", "SK", 48.15, 17.11),
        ("Ljubljana", "SI", 46.06, 14.51),
        ("Riyadh", "SA", 24.71, 46.68),
        ("Tel Aviv", "IL", 32.09, 34.78),
        ("Cairo", "EG", 30.04, 31.24),
        ("Nairobi", "KE", -1.29, 36.82),
        ("Lagos", "NG", 6.52, 3.38),
        ("Casablanca", "MA", 33.57, -7.59),
    ],
    &[
        ("Memphis", "US", 35.15, -90.05),
        ("Chicago", "US", 41.88, -87.63),
        ("Dallas", "US", 32.78, -96.80),
        ("Atlanta", "US", 33.75, -84.39),
        ("Los Angeles", "US", 34.05, -118.24),
        ("New York", "US", 40.71, -74.01),
        ("Toronto", "CA", 43.65, -79.38),
        ("Montréal", "CA", 45.50, -73.57),
        ("Denver", "US", 39.74, -104.99),
        ("Seattle", "US", 47.61, -122.33),
        ("Boston", "US", 42.36, -71.06),
        ("Phoenix", "US", 33.45, -112.07),
        ("Miami", "US", 25.76, -80.19),
        ("Houston", "US", 29.76, -95.37),
        ("Minneapolis", "US", 44.98, -93.27),
        ("Vancouver", "CA", 49.28, -123.12),
        ("Ciudad de México", "MX", 19.43, -99.13),
        ("Monterrey", "MX", 25.69, -100.32),
        ("Calgary", "CA", 51.05, -114.07),
        ("Detroit", "US", 42.33, -83.05),
        ("Philadelphia", "US", 39.95, -75.17),
        ("San Francisco", "US", 37.77, -122.42),
        ("Salt Lake City", "US", 40.76, -111.89),
        ("Kansas City", "US", 39.10, -94.58),
        ("Charlotte", "US", 35.23, -80.84),
        ("Nashville", "US", 36.16, -86.78),
        ("Pittsburgh", "US", 40.44, -79.99),
        ("St. Louis", "US", 38.63, -90.20),
        ("Portland", "US", 45.52, -122.68),
        ("San Diego", "US", 32.72, -117.16),
        ("Guadalajara", "MX", 20.66, -103.35),
        ("Québec", "CA", 46.81, -71.21),
    ],
    &[
        ("Singapore", "SG", 1.35, 103.82),
        ("Tokyo", "JP", 35.68, 139.69),
        ("Osaka", "JP", 34.69, 135.50),
        ("Sydney", "AU", -33.87, 151.21),
        ("Melbourne", "AU", -37.81, 144.96),
        ("Shanghai", "CN", 31.23, 121.47),
        ("Seoul", "KR", 37.57, 126.98),
        ("Mumbai", "IN", 19.08, 72.88),
        ("Bengaluru", "IN", 12.97, 77.59),
        ("Bangkok", "TH", 13.76, 100.50),
        ("Kuala Lumpur", "MY", 3.15, 101.69),
        ("Jakarta", "ID", -6.21, 106.85),
        ("Manila", "PH", 14.60, 120.98),
        ("Auckland", "NZ", -36.85, 174.76),
        ("Hong Kong", "HK", 22.32, 114.17),
        ("Taipei", "TW", 25.03, 121.57),
        ("Ho Chi Minh City", "VN", 10.82, 106.63),
        ("Perth", "AU", -31.95, 115.86),
        ("Brisbane", "AU", -27.47, 153.03),
        ("Chennai", "IN", 13.08, 80.27),
        ("Beijing", "CN", 39.90, 116.41),
        ("Shenzhen", "CN", 22.54, 114.06),
        ("Nagoya", "JP", 35.18, 136.91),
        ("Busan", "KR", 35.18, 129.08),
        ("New Delhi", "IN", 28.61, 77.21),
        ("Hanoi", "VN", 21.03, 105.85),
        ("Adelaide", "AU", -34.93, 138.60),
        ("Wellington", "NZ", -41.29, 174.78),
        ("Pune", "IN", 18.52, 73.86),
        ("Fukuoka", "JP", 33.59, 130.40),
    ],
    &[
        ("São Paulo", "BR", -23.55, -46.63),
        ("Rio de Janeiro", "BR", -22.91, -43.17),
        ("Buenos Aires", "AR", -34.60, -58.38),
        ("Santiago", "CL", -33.45, -70.67),
        ("Bogotá", "CO", 4.71, -74.07),
        ("Lima", "PE", -12.05, -77.04),
        ("Curitiba", "BR", -25.43, -49.27),
        ("Porto Alegre", "BR", -30.03, -51.23),
        ("Córdoba", "AR", -31.42, -64.18),
        ("Medellín", "CO", 6.24, -75.58),
        ("Quito", "EC", -0.18, -78.47),
        ("Montevideo", "UY", -34.90, -56.16),
        ("Belo Horizonte", "BR", -19.92, -43.94),
        ("Recife", "BR", -8.05, -34.88),
        ("Panamá", "PA", 8.98, -79.52),
        ("Caracas", "VE", 10.48, -66.90),
        ("Asunción", "PY", -25.26, -57.58),
        ("La Paz", "BO", -16.50, -68.15),
        ("Salvador", "BR", -12.97, -38.50),
        ("Fortaleza", "BR", -3.73, -38.52),
        ("Campinas", "BR", -22.91, -47.06),
        ("Rosario", "AR", -32.95, -60.65),
        ("Cali", "CO", 3.45, -76.53),
        ("Guayaquil", "EC", -2.17, -79.92),
        ("San José", "CR", 9.93, -84.08),
    ],
];

const SUPPLIER_STEMS: [&str; 20] = [
    "Precision",
    "Nordic",
    "Atlas",
    "Summit",
    "Pioneer",
    "Vector",
    "Keystone",
    "Meridian",
    "Apex",
    "Orion",
    "Falcon",
    "Harbor",
    "Granite",
    "Silverline",
    "Crescent",
    "Delta",
    "Everest",
    "Zenith",
    "Cobalt",
    "Beacon",
];
const SUPPLIER_TRADES: [&str; 20] = [
    "Optics",
    "Pumpworks",
    "Motion",
    "Power Systems",
    "Thermal",
    "Controls",
    "Sensorik",
    "Castings",
    "Electronics",
    "Bearings",
    "Hydraulics",
    "Drives",
    "Components",
    "Devices",
    "Fluidics",
    "Cables",
    "Mechanics",
    "Photonics",
    "Seals",
    "Instruments",
];

fn company_suffix(country: &str) -> &'static str {
    match country {
        "DE" | "AT" | "CH" => "GmbH",
        "US" => "Inc",
        "CA" => "Ltd.",
        "GB" | "IE" => "Ltd",
        "IT" => "S.r.l.",
        "FR" | "ES" | "BE" | "AR" | "CL" | "CO" | "PE" => "S.A.",
        "SE" | "NO" | "DK" | "FI" => "AB",
        "NL" => "B.V.",
        "JP" => "K.K.",
        "BR" => "Ltda.",
        "MX" => "S.A. de C.V.",
        _ => "Ltd",
    }
}

const CUSTOMER_FORMS: [[&str; 4]; 4] = [
    [
        "Klinikum {}",
        "{} Medical Center",
        "Hôpital Privé de {}",
        "{} Stadtwerke",
    ],
    [
        "{} General Hospital",
        "{} Manufacturing Co.",
        "{} Regional Health",
        "{} Semiconductor Fab",
    ],
    [
        "{} Medical University",
        "{} Precision Works",
        "{} Central Hospital",
        "{} Electronics Plant",
    ],
    [
        "Hospital {}",
        "Clínica {}",
        "{} Metalúrgica",
        "Laboratório {}",
    ],
];

impl Network {
    pub(crate) fn build(size: Size, seed: u64, last_as_of: NaiveDate, exports: usize) -> Network {
        let params = Params::of(size);
        let cal = Calendar::new(last_as_of, exports, &params);
        let mut net = Network {
            cal,
            seed,
            locations: Vec::new(),
            suppliers: Vec::new(),
            parts: Vec::new(),
            customers: Vec::new(),
            models: Vec::new(),
            equipment: Vec::new(),
            campaigns: Vec::new(),
            substitutes: Vec::new(),
            lanes: Vec::new(),
            region_customers: Vec::new(),
            part_equipment: Vec::new(),
            technicians: Vec::new(),
            by_id: HashMap::new(),
            transit_days: HashMap::new(),
            params,
        };
        net.build_locations();
        net.build_suppliers();
        net.build_parts();
        net.build_customers();
        net.build_models_and_equipment();
        net.build_campaigns();
        net.build_substitutes();
        net.build_lanes();
        net
    }

    fn rng(&self, tag: u64) -> Rng {
        Rng::derive(self.seed, &[tag])
    }

    pub(crate) fn loc(&self, id: &str) -> usize {
        self.by_id[id]
    }

    fn build_locations(&mut self) {
        let mut rng = self.rng(1);
        let p = self.params.clone();
        for r in 0..p.regions {
            let cities = CITIES[r];
            let letter = REGION_LETTER[r];
            let central = self.locations.len();
            let (name, country, lat, lon) = cities[0];
            self.locations.push(Location {
                id: format!("{letter}C01"),
                name: format!("{name} Central Warehouse"),
                region: r,
                country,
                kind: LocKind::Central,
                lat,
                lon,
                parent: None,
            });
            let first_regional = self.locations.len();
            for i in 0..p.regionals {
                let (name, country, lat, lon) = cities[1 + i % (cities.len() - 1)];
                self.locations.push(Location {
                    id: format!("{letter}R{:02}", i + 1),
                    name: format!("{name} Regional DC"),
                    region: r,
                    country,
                    kind: LocKind::Regional,
                    lat,
                    lon,
                    parent: Some(central),
                });
            }
            for i in 0..p.fields {
                let ci = 1 + i % (cities.len() - 1);
                let round = i / (cities.len() - 1);
                let (name, country, lat, lon) = cities[ci];
                let (lat, lon, name) = if round == 0 {
                    (lat, lon, format!("{name} Field Stock"))
                } else {
                    (
                        lat + rng.uniform(-0.3, 0.3),
                        lon + rng.uniform(-0.3, 0.3),
                        format!("{name} Field Stock {}", round + 1),
                    )
                };
                self.locations.push(Location {
                    id: format!("{letter}F{:02}", i + 1),
                    name,
                    region: r,
                    country,
                    kind: LocKind::Field,
                    lat,
                    lon,
                    parent: Some(first_regional + i % p.regionals),
                });
            }
        }
        for (i, l) in self.locations.iter().enumerate() {
            self.by_id.insert(l.id.clone(), i);
        }
    }

    fn central_of(&self, region: usize) -> usize {
        self.locations
            .iter()
            .position(|l| l.region == region && l.kind == LocKind::Central)
            .expect("central")
    }

    fn build_suppliers(&mut self) {
        let mut rng = self.rng(2);
        let n = self.params.suppliers;
        for i in 0..n {
            let region = if i == st::LATE_SUPPLIER {
                0
            } else {
                rng.weighted(&cumulative(&REGION_WEIGHT[..self.params.regions]))
            };
            let cities = CITIES[region];
            let (_, country, _, _) = *rng.pick(cities);
            let stem = SUPPLIER_STEMS[i % 20];
            let trade = SUPPLIER_TRADES[(i / 20 + i * 7) % 20];
            let mut s = Supplier {
                id: 200_001 + i as u64,
                name: format!("{stem} {trade} {}", company_suffix(country)),
                country,
                region,
                otd_target_tenths: 900 + 5 * rng.range(0, 16),
                consignment: rng.chance(0.15),
                on_time: rng.uniform(0.72, 0.97),
                late_mean: rng.uniform(3.0, 14.0),
                stuck: 0.0,
                push: rng.uniform(0.05, 0.25),
            };
            if i == st::LATE_SUPPLIER {
                s.name = "Brandt Präzisionsteile GmbH".into();
                s.country = "DE";
                s.otd_target_tenths = 950;
                s.consignment = false;
                s.on_time = 0.2;
                s.late_mean = 38.0;
                s.stuck = 0.2;
                s.push = 0.6;
            }
            self.suppliers.push(s);
        }
    }

    fn build_parts(&mut self) {
        let p = self.params.clone();
        let n = p.parts;
        let last = self.cal.last;
        let region_cum = cumulative(&REGION_WEIGHT[..p.regions]);
        // Supplier weights: the late supplier gets its share, the rest evenly.
        let mut sw = vec![(1.0 - p.late_supplier_share) / (p.suppliers - 1) as f64; p.suppliers];
        sw[st::LATE_SUPPLIER] = p.late_supplier_share;
        let supplier_cum = cumulative(&sw);
        let locs_by_region: Vec<Vec<usize>> = (0..p.regions)
            .map(|r| {
                (0..self.locations.len())
                    .filter(|&i| self.locations[i].region == r)
                    .collect()
            })
            .collect();
        for i in 0..n {
            let mut rng = Rng::derive(self.seed, &[3, i as u64]);
            let line = rng.below(8) as usize;
            let comp = COMPONENTS[line][rng.below(6) as usize];
            let description = match rng.below(6) {
                0 => format!("{comp}, {} mm", 10 * rng.range(1, 40)),
                1 => format!("{comp} Rev {}", (b'A' + rng.below(6) as u8) as char),
                2 => format!("{comp} {} V", [12, 24, 48, 230, 400][rng.below(5) as usize]),
                3 => format!("{comp} {}\" fitting", rng.range(1, 4)),
                4 => format!("{comp} kit {}-{}", LINE_CODES[line], rng.range(100, 999)),
                _ => format!("{comp} type {}", rng.range(1, 9)),
            };
            let band = rng.f64();
            let cost_cents = if band < 0.6 {
                rng.range(500, 20_000)
            } else if band < 0.9 {
                rng.range(20_000, 200_000)
            } else {
                rng.range(200_000, 2_500_000)
            };
            let crit = match rng.f64() {
                x if x < 0.2 => 0,
                x if x < 0.55 => 1,
                _ => 2,
            };
            let lead_days = rng.range(10, 60)
                + if cost_cents > 200_000 {
                    rng.range(20, 60)
                } else {
                    0
                };
            let supplier = rng.weighted(&supplier_cum);
            let moq = if cost_cents < 5_000 {
                [5, 10, 20, 50][rng.below(4) as usize]
            } else if cost_cents < 50_000 {
                rng.range(1, 5)
            } else {
                1
            };
            let weight_g = if cost_cents > 200_000 {
                rng.range(2_000, 40_000)
            } else {
                rng.range(50, 8_000)
            };
            let velocity = match rng.f64() {
                x if x < 0.15 => rng.uniform(0.55, 0.85),
                x if x < 0.50 => rng.uniform(0.25, 0.50),
                _ => rng.uniform(0.05, 0.20),
            };
            let size_p = if cost_cents < 5_000 {
                rng.uniform(0.35, 0.6)
            } else if cost_cents < 100_000 {
                rng.uniform(0.15, 0.4)
            } else {
                rng.uniform(0.02, 0.15)
            };
            let home = rng.weighted(&region_cum);
            let (lifecycle, eol_date) = match rng.f64() {
                x if x < 0.05 => (Lifecycle::Obsolete, Some(last - rng.range(60, 700) as Day)),
                x if x < 0.13 => (Lifecycle::Eol, Some(last + rng.range(30, 300) as Day)),
                _ => (Lifecycle::Active, None),
            };
            // Stocking locations: the home central, then a few more, mostly in the home region.
            let mut locations: Vec<u16> = Vec::new();
            if lifecycle != Lifecycle::Obsolete {
                locations.push(self.central_of(home) as u16);
                let mean = p.extra_locations * (0.5 + velocity);
                let extra = rng.geometric(mean / (1.0 + mean), 40) as usize;
                for _ in 0..extra {
                    let r = if rng.chance(0.75) {
                        home
                    } else {
                        rng.below(p.regions as u64) as usize
                    };
                    let cands = &locs_by_region[r];
                    let l = *rng.pick(cands) as u16;
                    if !locations.contains(&l) {
                        locations.push(l);
                    }
                }
                locations.sort_unstable();
            }
            self.parts.push(Part {
                id: 100_001 + i as u64,
                description,
                cost_cents,
                crit,
                lifecycle,
                eol_date,
                supply_stops: None,
                successor: None,
                lead_days,
                supplier,
                moq,
                weight_g,
                line,
                velocity,
                size_p,
                home,
                locations,
                direct_regional: rng.chance(0.4),
            });
        }
        // Successors: another active part of the same product line.
        let mut rng = self.rng(4);
        let actives_by_line: Vec<Vec<usize>> = (0..8)
            .map(|l| {
                (0..n)
                    .filter(|&i| {
                        self.parts[i].line == l && self.parts[i].lifecycle == Lifecycle::Active
                    })
                    .collect()
            })
            .collect();
        for i in 0..n {
            let has = match self.parts[i].lifecycle {
                Lifecycle::Active => false,
                Lifecycle::Eol => rng.chance(0.6),
                Lifecycle::Obsolete => rng.chance(0.8),
            };
            let cands = &actives_by_line[self.parts[i].line];
            if has && !cands.is_empty() {
                let s = *rng.pick(cands);
                if s != i {
                    self.parts[i].successor = Some(s);
                }
            }
            if self.parts[i].lifecycle == Lifecycle::Obsolete {
                self.parts[i].supply_stops = self.parts[i].eol_date;
            }
        }
        self.plant_story_parts();
    }

    /// The story parts: fixed roles, locations and suppliers.
    fn plant_story_parts(&mut self) {
        let last = date(self.cal.last);
        let last_first = last.with_day(1).expect("day 1");
        let locs = |net: &Network, ids: &[&str]| -> Vec<u16> {
            let mut v: Vec<u16> = ids.iter().map(|id| net.loc(id) as u16).collect();
            v.sort_unstable();
            v
        };
        let not_late = |s: usize| if s == st::LATE_SUPPLIER { 0 } else { s };
        // The end-of-life part and its successor.
        let eol = day(month_end(last_first - Months::new(4)));
        let e_locs = locs(self, &["EC01", "ER01", "ER02", "EF01", "EF02"]);
        let s_locs = locs(self, &["AC01"]);
        {
            let e = &mut self.parts[st::EOL_PART];
            e.lifecycle = Lifecycle::Eol;
            e.eol_date = Some(eol);
            // The last-time buy arrived five months before the effective-out
            // date; what it brought is used up by the last export.
            e.supply_stops = Some(eol - 150);
            e.successor = Some(st::SUCCESSOR_PART);
            e.crit = 0;
            e.line = 0;
            e.description = "Detector panel 43 cm Rev C".into();
            e.cost_cents = 1_845_000;
            e.velocity = 0.45;
            e.size_p = 0.3;
            e.moq = 1;
            e.lead_days = 56;
            e.home = 0;
            e.locations = e_locs;
            e.supplier = not_late(e.supplier);
        }
        {
            let s = &mut self.parts[st::SUCCESSOR_PART];
            s.lifecycle = Lifecycle::Active;
            s.eol_date = None;
            s.supply_stops = None;
            s.successor = None;
            s.crit = 0;
            s.line = 0;
            s.description = "Detector panel 43 cm Rev D".into();
            s.cost_cents = 2_120_000;
            s.velocity = 0.04;
            s.size_p = 0.05;
            s.moq = 12;
            s.home = 1;
            s.locations = s_locs;
            s.supplier = not_late(s.supplier);
        }
        // The campaign part.
        let k_locs = locs(self, &["EC01", "ER01", "EF01"]);
        {
            let k = &mut self.parts[st::CAMPAIGN_PART];
            k.lifecycle = Lifecycle::Active;
            k.eol_date = None;
            k.supply_stops = None;
            k.successor = None;
            k.crit = 1;
            k.line = 0;
            k.description = "Gantry bearing retrofit kit".into();
            k.cost_cents = 64_000;
            k.velocity = 0.3;
            k.size_p = 0.1;
            k.home = 0;
            k.lead_days = 45;
            k.moq = 4;
            k.locations = k_locs;
            k.supplier = not_late(k.supplier);
        }
        // The blocked transfer's part.
        let x_locs = locs(self, &["EC01", "ER01", "EF03"]);
        {
            let x = &mut self.parts[st::BLOCKED_PART];
            x.lifecycle = Lifecycle::Active;
            x.eol_date = None;
            x.supply_stops = None;
            x.successor = None;
            x.crit = 0;
            x.line = 0;
            x.description = "HV cable, 2500 mm".into();
            x.cost_cents = 312_000;
            x.velocity = 0.2;
            x.size_p = 0.05;
            x.moq = 1;
            x.lead_days = 35;
            x.home = 0;
            x.locations = x_locs;
            x.supplier = not_late(x.supplier);
        }
        // The late supplier's fast movers.
        for i in st::LATE_FAST_PARTS {
            let p = &mut self.parts[i];
            p.supplier = st::LATE_SUPPLIER;
            p.lifecycle = Lifecycle::Active;
            p.eol_date = None;
            p.supply_stops = None;
            p.velocity = 0.7;
            if p.locations.is_empty() {
                p.locations.push(
                    self.locations
                        .iter()
                        .position(|l| l.kind == LocKind::Central)
                        .expect("central") as u16,
                );
            }
        }
        for (i, p) in self.parts.iter_mut().enumerate() {
            if p.successor.is_some_and(|s| {
                [
                    st::EOL_PART,
                    st::SUCCESSOR_PART,
                    st::CAMPAIGN_PART,
                    st::BLOCKED_PART,
                ]
                .contains(&s)
            }) && i != st::EOL_PART
            {
                p.successor = None;
            }
        }
    }

    fn build_customers(&mut self) {
        let mut rng = self.rng(5);
        let p = &self.params;
        let region_cum = cumulative(&REGION_WEIGHT[..p.regions]);
        for i in 0..p.customers {
            let region = if i == st::OVERLAP_CUSTOMER {
                0
            } else {
                rng.weighted(&region_cum)
            };
            let tier = match rng.f64() {
                x if x < 0.10 => 0,
                x if x < 0.30 => 1,
                x if x < 0.60 => 2,
                _ => 3,
            };
            let (city, _, _, _) = *rng.pick(CITIES[region]);
            let form = CUSTOMER_FORMS[region][rng.below(4) as usize];
            let mut name = form.replace("{}", city);
            match i % 97 {
                13 => name = format!("{name}, Dept. of Radiology"),
                29 => name = format!("{name} \"Nord\""),
                41 => name = format!("{name}; Servicevertrag 2"),
                _ => {}
            }
            if p.customers > 200 {
                name = format!("{name} {}", i / 97 + 1);
            }
            let mut c = Customer {
                id: 300_001 + i as u64,
                name,
                tier,
                region,
            };
            if i == st::OVERLAP_CUSTOMER {
                c.name = "Universitätsklinikum Rhein-Main".into();
                c.tier = 0;
            }
            self.customers.push(c);
        }
        for r in 0..p.regions {
            let members: Vec<usize> = (0..self.customers.len())
                .filter(|&i| self.customers[i].region == r)
                .collect();
            let weights: Vec<f64> = members
                .iter()
                .map(|&i| [6.0, 4.0, 2.0, 1.0][self.customers[i].tier as usize])
                .collect();
            let total: f64 = weights.iter().sum();
            let weights: Vec<f64> = members
                .iter()
                .zip(&weights)
                .map(|(&i, &w)| {
                    if i == st::OVERLAP_CUSTOMER {
                        (total * 0.12).max(30.0)
                    } else {
                        w
                    }
                })
                .collect();
            self.region_customers.push((members, cumulative(&weights)));
        }
        let mut technicians = Vec::new();
        let mut n = 1;
        for _ in 0..p.regions {
            let k = (p.customers / 8).clamp(4, 200);
            technicians.push((0..k).map(|j| format!("T{:04}", n + j)).collect());
            n += k;
        }
        self.technicians = technicians;
    }

    fn build_models_and_equipment(&mut self) {
        let mut rng = self.rng(6);
        let p = self.params.clone();
        let by_line: Vec<Vec<usize>> = (0..8)
            .map(|l| {
                (0..self.parts.len())
                    .filter(|&i| {
                        self.parts[i].line == l && self.parts[i].lifecycle != Lifecycle::Obsolete
                    })
                    .collect()
            })
            .collect();
        for m in 0..p.models {
            let line = m % 8;
            let name = format!("{}-{}", LINE_CODES[line], 100 + m);
            let mut bom: Vec<(usize, i64)> = Vec::new();
            let k = rng.range(6, 14) as usize;
            for _ in 0..k {
                let part = *rng.pick(&by_line[line]);
                if !bom.iter().any(|(q, _)| *q == part) {
                    bom.push((part, if rng.chance(0.7) { 1 } else { rng.range(2, 4) }));
                }
            }
            if m == 0 {
                for s in [st::EOL_PART, st::BLOCKED_PART, st::CAMPAIGN_PART] {
                    if !bom.iter().any(|(q, _)| *q == s) {
                        bom.push((s, 1));
                    }
                }
            }
            bom.sort_unstable();
            self.models.push(Model { name, bom });
        }
        // The story machine first: customer 300002's scanner at EF03.
        let ef03 = self.loc("EF03");
        self.equipment.push(Equipment {
            id: 10_000_001,
            customer: st::OVERLAP_CUSTOMER,
            location: ef03,
            model: 0,
            crit: Some(0),
            downtime_cents: 1_250_000,
            failure_milli: 420,
        });
        let service_locs: Vec<Vec<usize>> = (0..p.regions)
            .map(|r| {
                (0..self.locations.len())
                    .filter(|&i| {
                        self.locations[i].region == r && self.locations[i].kind != LocKind::Central
                    })
                    .collect()
            })
            .collect();
        for ci in 0..self.customers.len() {
            let c = &self.customers[ci];
            let n = if ci == st::OVERLAP_CUSTOMER {
                24
            } else {
                match c.tier {
                    0 => rng.range(4, 8),
                    1 => rng.range(2, 5),
                    2 => rng.range(1, 3),
                    _ => rng.range(0, 2),
                }
            };
            for _ in 0..n {
                let model = rng.below(p.models as u64) as usize;
                let location = *rng.pick(&service_locs[c.region]);
                let id = 10_000_001 + self.equipment.len() as u64;
                self.equipment.push(Equipment {
                    id,
                    customer: ci,
                    location,
                    model,
                    crit: if rng.chance(0.4) {
                        Some(rng.below(3) as u8)
                    } else {
                        None
                    },
                    downtime_cents: 100 * rng.range(2, 150) * 100,
                    failure_milli: rng.range(5, 600),
                });
            }
        }
        let mut part_equipment = vec![Vec::new(); self.parts.len()];
        for (ei, e) in self.equipment.iter().enumerate() {
            for &(part, _) in &self.models[e.model].bom {
                part_equipment[part].push(ei as u32);
            }
        }
        self.part_equipment = part_equipment;
    }

    fn build_campaigns(&mut self) {
        let mut rng = self.rng(7);
        let last = date(self.cal.last);
        let last_first = last.with_day(1).expect("day 1");
        let start = last_first - Months::new(2);
        self.campaigns.push(Campaign {
            id: "CMP-0001".into(),
            part: st::CAMPAIGN_PART,
            location: self.loc("ER01"),
            qty: 120,
            start: day(start),
            end: day(month_end(last_first + Months::new(1))),
            announced: day(start - Months::new(2)),
            drives_demand: true,
        });
        let n = (self.params.parts / 100).clamp(3, 60);
        let hubs: Vec<usize> = (0..self.locations.len())
            .filter(|&i| self.locations[i].kind != LocKind::Field)
            .collect();
        for i in 0..n {
            let part = loop {
                let p = rng.below(self.parts.len() as u64) as usize;
                if self.parts[p].lifecycle == Lifecycle::Active
                    && !(st::EOL_PART..=st::BLOCKED_PART).contains(&p)
                {
                    break p;
                }
            };
            let start = last_first + Months::new(rng.range(1, 8) as u32);
            let end = month_end(start + Months::new(rng.range(1, 5) as u32));
            self.campaigns.push(Campaign {
                id: format!("CMP-{:04}", i + 2),
                part,
                location: *rng.pick(&hubs),
                qty: 10 * rng.range(2, 30),
                start: day(start),
                end: day(end),
                announced: self.cal.month_days[0],
                drives_demand: false,
            });
        }
    }

    fn build_substitutes(&mut self) {
        let mut rng = self.rng(8);
        let e = &self.parts[st::EOL_PART];
        self.substitutes.push(Substitute {
            part: st::EOL_PART,
            substitute: st::SUCCESSOR_PART,
            two_way: false,
            ratio: 1,
            valid_from: e.eol_date,
        });
        let n = self.parts.len();
        for i in 0..n {
            if i == st::EOL_PART || i == st::SUCCESSOR_PART {
                continue;
            }
            let p = &self.parts[i];
            if let (Lifecycle::Obsolete, Some(s)) = (p.lifecycle, p.successor) {
                if s != st::SUCCESSOR_PART {
                    self.substitutes.push(Substitute {
                        part: i,
                        substitute: s,
                        two_way: false,
                        ratio: 1,
                        valid_from: p.eol_date,
                    });
                }
                continue;
            }
            if rng.chance(0.03) {
                let j = rng.below(n as u64) as usize;
                if j != i
                    && self.parts[j].line == p.line
                    && j != st::SUCCESSOR_PART
                    && j != st::EOL_PART
                {
                    let valid_from = if rng.chance(0.5) {
                        Some(self.cal.month_days[0] + rng.range(0, 400) as Day)
                    } else {
                        None
                    };
                    self.substitutes.push(Substitute {
                        part: i,
                        substitute: j,
                        two_way: rng.chance(0.3),
                        ratio: if rng.chance(0.9) { 1 } else { 2 },
                        valid_from,
                    });
                }
            }
        }
        self.substitutes.sort_by_key(|s| (s.part, s.substitute));
        self.substitutes.dedup_by_key(|s| (s.part, s.substitute));
    }

    fn build_lanes(&mut self) {
        let locs = &self.locations;
        let mut lanes = Vec::new();
        let km = |a: usize, b: usize| -> f64 {
            let (la, lb) = (&locs[a], &locs[b]);
            let dy = (la.lat - lb.lat) * 111.0;
            let dx = (la.lon - lb.lon) * 111.0 * 0.7;
            (dx * dx + dy * dy).sqrt()
        };
        let mut push = |from: Origin, to: usize, mode: u8, dist: f64| {
            let (transit, fixed, per_kg) = match mode {
                0 => (
                    1 + (dist / 650.0) as i64,
                    6_000 + (dist * 8.0) as i64,
                    60 + (dist / 20.0) as i64,
                ),
                1 => (
                    1 + (dist / 5_000.0) as i64,
                    25_000 + (dist * 3.0) as i64,
                    350 + (dist / 10.0) as i64,
                ),
                _ => (1, 9_000 + (dist * 25.0) as i64, 250),
            };
            lanes.push(Lane {
                from,
                to,
                mode,
                transit_days: transit.min(14),
                fixed_cents: fixed,
                per_kg_cents: per_kg,
            });
        };
        for a in 0..locs.len() {
            for b in 0..locs.len() {
                if a == b {
                    continue;
                }
                let (la, lb) = (&locs[a], &locs[b]);
                let d = km(a, b);
                match (la.kind, lb.kind) {
                    (LocKind::Central, LocKind::Central) => push(Origin::Location(a), b, 1, d),
                    (LocKind::Central, _) if la.region == lb.region => {
                        push(Origin::Location(a), b, 0, d);
                        push(Origin::Location(a), b, 1, d);
                    }
                    (LocKind::Central, _) => push(Origin::Location(a), b, 1, d),
                    (LocKind::Regional, LocKind::Field) if la.region == lb.region => {
                        push(Origin::Location(a), b, 0, d);
                        if lb.parent == Some(a) {
                            push(Origin::Location(a), b, 2, d);
                        }
                    }
                    (LocKind::Regional, LocKind::Regional)
                        if la.region == lb.region && a < b + 3 && b < a + 3 =>
                    {
                        push(Origin::Location(a), b, 0, d);
                    }
                    _ => {}
                }
            }
        }
        for (si, s) in self.suppliers.iter().enumerate() {
            let centre = CITIES[s.region][0];
            for (b, lb) in locs.iter().enumerate() {
                if lb.kind == LocKind::Field
                    || (lb.kind == LocKind::Regional && lb.region != s.region)
                {
                    continue;
                }
                let dy = (centre.2 - lb.lat) * 111.0;
                let dx = (centre.3 - lb.lon) * 111.0 * 0.7;
                let d = (dx * dx + dy * dy).sqrt() + 300.0;
                if lb.region == s.region {
                    push(Origin::Supplier(si), b, 0, d);
                }
                if lb.kind == LocKind::Central {
                    push(Origin::Supplier(si), b, 1, d);
                }
            }
        }
        for l in &lanes {
            if let Origin::Location(f) = l.from {
                let e = self.transit_days.entry((f, l.to)).or_insert(l.transit_days);
                if l.mode == 0 {
                    *e = l.transit_days;
                }
            }
        }
        self.lanes = lanes;
    }

    /// Transit days of the ground lane (else air, else a default).
    pub(crate) fn transit(&self, from: usize, to: usize) -> i64 {
        self.transit_days.get(&(from, to)).copied().unwrap_or(5)
    }
}

pub(crate) fn cumulative(weights: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    weights
        .iter()
        .map(|w| {
            acc += w;
            acc
        })
        .collect()
}
