//! Reads talent rows off the UI thread: a named worker with its own read-only connection
//! (WAL lets it read beside the writer, with the session's zone scope) answers "count this search" and "give me rows
//! from here" requests, keeping only the newest request when the clerk scrolls fast, and
//! wakes the UI when the answer is in.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

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

impl Loader {
    /// Starts a worker reading with `store` (a reader of its own, see
    /// [`Store::open_reader`]); `wake` is called after each reply.
    pub fn start(store: Store, wake: impl Fn() + Send + 'static) -> Option<Loader> {
        let (requests, inbox) = channel::<Request>();
        let (outbox, replies) = channel::<Reply>();
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
                    let rows = store
                        .search_talents(&request.query, request.offset, request.limit)
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
