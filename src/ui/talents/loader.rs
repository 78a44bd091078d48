//! Reads talent rows off the UI thread: a named worker with its own read-only connection
//! (WAL lets it read beside the writer; it keeps the session's zone scope) answers "count this search" and "give me rows
//! from here" requests, keeping only the newest request when the clerk scrolls fast, and
//! wakes the UI when the answer is in.
//!
//! A page far down a long result would cost an OFFSET that reads every row before it
//! (0.4 s at a million talents). So a second worker reads the order of the whole result
//! once, as ids (8 bytes a talent, in the background after the count), and from then on
//! any page is read by its ids at the cost of the page alone, for every sort order and
//! whatever the query's conditions. A new search or a refresh after a change drops the
//! order and reads it again.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex, PoisonError};

use crate::domain::Message;
use crate::store::{Store, TalentQuery, TalentRow};

/// What the list asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The search.
    pub query: TalentQuery,
    /// Count the results too.
    pub count: bool,
    /// First row wanted.
    pub offset: u64,
    /// How many rows.
    pub limit: u32,
}

/// The answer to a request.
pub struct Reply {
    /// The request answered.
    pub request: Request,
    /// The total, when it was asked for.
    pub total: Option<Result<u64, Message>>,
    /// The rows.
    pub rows: Result<Vec<TalentRow>, Message>,
}

/// The worker's handle.
pub struct Loader {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
}

/// Results up to this long are paged by OFFSET: reading past a few thousand rows costs
/// less than reading the whole order.
const ORDER_FROM: u64 = 5_000;

/// The order of one whole result, as the order worker read it.
struct Order {
    query: TalentQuery,
    ids: Arc<Vec<i64>>,
}

/// What the two workers share: the newest order read, and the number of the newest order
/// asked for (a read that is no longer wanted stops early).
#[derive(Default)]
struct Orders {
    ready: Mutex<Option<Order>>,
    wanted: AtomicU64,
}

impl Orders {
    /// The ids of rows `offset..offset + limit` of `query`, when its order is read.
    fn page(&self, query: &TalentQuery, offset: u64, limit: u32) -> Option<Vec<i64>> {
        let ready = self.ready.lock().unwrap_or_else(PoisonError::into_inner);
        let order = ready.as_ref().filter(|o| &o.query == query)?;
        let start = usize::try_from(offset).ok()?.min(order.ids.len());
        let end = start.saturating_add(limit as usize).min(order.ids.len());
        Some(order.ids[start..end].to_vec())
    }

    /// Forgets the order read and returns the number of the next one.
    fn drop_order(&self) -> u64 {
        *self.ready.lock().unwrap_or_else(PoisonError::into_inner) = None;
        self.wanted.fetch_add(1, Ordering::SeqCst) + 1
    }
}

/// Starts the worker that reads whole orders: each job is (number, query); only the
/// newest matters, and a read stops as soon as a newer one is wanted.
fn start_order_worker(store: Store, orders: Arc<Orders>) -> Option<Sender<(u64, TalentQuery)>> {
    let (jobs, inbox) = channel::<(u64, TalentQuery)>();
    std::thread::Builder::new()
        .name("talent-order".into())
        .spawn(move || {
            while let Ok(mut job) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    job = newer;
                }
                let (number, query) = job;
                let mut ids = Vec::new();
                let read = store.for_each_talent_id(&query, |id| {
                    ids.push(id);
                    // A relaxed look every few thousand ids is enough to stop early.
                    ids.len() % 4096 != 0 || orders.wanted.load(Ordering::Relaxed) == number
                });
                let mut ready = orders.ready.lock().unwrap_or_else(PoisonError::into_inner);
                if read.is_ok() && orders.wanted.load(Ordering::SeqCst) == number {
                    *ready = Some(Order { query, ids: Arc::new(ids) });
                }
            }
        })
        .ok()?;
    Some(jobs)
}

impl Loader {
    /// Starts a worker reading the database of `main` with readers of its own that keep its
    /// zone scope (none for a database in memory); `wake` is called after each reply.
    pub fn start(main: &Store, wake: impl Fn() + Send + 'static) -> Option<Loader> {
        let store = main.open_list_reader()?.ok()?;
        let (requests, inbox) = channel::<Request>();
        let (outbox, replies) = channel::<Reply>();
        let orders = Arc::new(Orders::default());
        // Without the order worker every page is read by OFFSET: slower far down, not wrong.
        let order_jobs =
            main.open_list_reader().and_then(Result::ok).and_then(|r| start_order_worker(r, orders.clone()));
        std::thread::Builder::new()
            .name("talent-rows".into())
            .spawn(move || {
                while let Ok(mut request) = inbox.recv() {
                    // Only the newest request matters: a clerk scrolling fast has moved on.
                    loop {
                        match inbox.try_recv() {
                            Ok(newer) => {
                                let count = request.count && newer.query == request.query;
                                request = Request { count: newer.count || count, ..newer };
                            }
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    }
                    let total = request.count.then(|| store.count_talents(&request.query).map_err(|e| Message::of(&e)));
                    if let (Some(Ok(total)), Some(jobs)) = (&total, &order_jobs) {
                        // A new search, or a refresh after a change: the order read before
                        // is no longer true.
                        let number = orders.drop_order();
                        // A failed send leaves OFFSET paging, which is slower, not wrong.
                        if *total > ORDER_FROM && jobs.send((number, request.query.clone())).is_err() {
                            log::warn!("the talent-order worker is gone; pages are read by OFFSET");
                        }
                    }
                    let rows = match orders.page(&request.query, request.offset, request.limit) {
                        Some(ids) => store.talents_by_id(&ids),
                        None => store.search_talents(&request.query, request.offset, request.limit),
                    }
                    .map_err(|e| Message::of(&e));
                    if outbox.send(Reply { request, total, rows }).is_err() {
                        return;
                    }
                    wake();
                }
            })
            .ok()?;
        Some(Loader { requests, replies })
    }

    /// Sends a request; false if the worker is gone.
    pub fn ask(&self, request: Request) -> bool {
        self.requests.send(request).is_ok()
    }

    /// The replies that arrived since the last call.
    pub fn answers(&self) -> Vec<Reply> {
        self.replies.try_iter().collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::{Duration, Instant};

    use std::path::Path;

    use super::*;
    use crate::domain::Role;
    use crate::store::{NewUser, TalentSort};

    fn demo_file(path: &Path, talents: usize) -> Store {
        let mut store = Store::open(path).unwrap();
        let admin = store
            .create_first_admin(&NewUser {
                username: "admin".into(),
                display_name: "管理员".into(),
                role: Role::Admin,
                password: "admin-pass-1".into(),
            })
            .unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let data = crate::demo::generate(talents, 3, today);
        store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
        store
    }

    /// Waits until the order of `q` is read.
    fn wait_for(orders: &Orders, q: &TalentQuery) {
        let started = Instant::now();
        while orders.page(q, 0, 1).is_none() {
            assert!(started.elapsed() < Duration::from_secs(20), "the order of {q:?} was never read");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_page_read_through_the_order_is_the_page_of_the_search() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("order.db");
        let store = demo_file(&path, 700);
        let orders = Arc::new(Orders::default());
        let jobs = start_order_worker(store.open_reader().unwrap().unwrap(), orders.clone()).unwrap();
        for (sort, descending) in [(TalentSort::Id, true), (TalentSort::Name, false), (TalentSort::Employer, true)] {
            let q = TalentQuery { sort, descending, ..TalentQuery::default() };
            jobs.send((orders.drop_order(), q.clone())).unwrap();
            wait_for(&orders, &q);
            for offset in [0, 333, 650, 699, 700, 900] {
                let ids = orders.page(&q, offset, 60).unwrap();
                let by_order = store.talents_by_id(&ids).unwrap();
                assert_eq!(by_order, store.search_talents(&q, offset, 60).unwrap(), "{q:?} at {offset}");
            }
        }
    }

    #[test]
    fn an_order_asked_for_before_a_newer_one_is_never_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stale.db");
        let store = demo_file(&path, 300);
        let orders = Arc::new(Orders::default());
        let jobs = start_order_worker(store.open_reader().unwrap().unwrap(), orders.clone()).unwrap();
        let old = TalentQuery { sort: TalentSort::Name, ..TalentQuery::default() };
        let new = TalentQuery { sort: TalentSort::BirthDate, ..TalentQuery::default() };
        jobs.send((orders.drop_order(), old.clone())).unwrap();
        jobs.send((orders.drop_order(), new.clone())).unwrap();
        wait_for(&orders, &new);
        assert!(orders.page(&old, 0, 1).is_none(), "the older search's order stayed");
        // A refresh (after a change) forgets the order until it is read again.
        orders.drop_order();
        assert!(orders.page(&new, 0, 1).is_none());
    }
}
