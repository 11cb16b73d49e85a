//! Pages kept as rendered. Today, the Board and their JSON twins each read the whole
//! programme or every application, and most requests come when nothing has changed since the last one. A kept copy
//! serves while the store's revision (which every write makes larger, whoever writes) and the
//! minute (the pages' groups and times are to the minute) stay the same.

use axum::body::Bytes;
use tokio::sync::Mutex;

/// The pages that are kept.
#[derive(Debug, Clone, Copy)]
pub enum Shelf {
    Today,
    Board,
    Agenda,
    AgendaAll,
    Applications,
}

/// What a copy was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub revision: i64,
    pub minute: i64,
}

#[derive(Default)]
pub struct Kept {
    // One lock per page: when a copy is out of date, one request makes the new one and the
    // others wait for it, rather than all reading the programme at once.
    shelves: [Mutex<Option<(Stamp, Bytes)>>; 5],
}

impl Kept {
    /// The kept copy of a page made at `stamp`, or a new one from `make`, then kept. The
    /// stamp must be read before `make` reads the store: a write in between then makes the
    /// copy newer than its stamp, which only costs a second rendering.
    pub async fn get<E>(
        &self,
        shelf: Shelf,
        stamp: Stamp,
        make: impl AsyncFnOnce() -> Result<Bytes, E>,
    ) -> Result<Bytes, E> {
        let mut kept = self.shelves[shelf as usize].lock().await;
        if let Some((made, body)) = kept.as_ref()
            && *made == stamp
        {
            return Ok(body.clone());
        }
        let body = make().await?;
        *kept = Some((stamp, body.clone()));
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_copy_serves_until_the_stamp_changes() {
        let kept = Kept::default();
        let stamp = Stamp {
            revision: 1,
            minute: 10,
        };
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = async || {
            let n = made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, ()>(Bytes::from(format!("copy {n}")))
        };
        assert_eq!(
            kept.get(Shelf::Today, stamp, make).await,
            Ok("copy 0".into())
        );
        assert_eq!(
            kept.get(Shelf::Today, stamp, make).await,
            Ok("copy 0".into())
        );
        // Another page has its own copy.
        assert_eq!(
            kept.get(Shelf::Board, stamp, make).await,
            Ok("copy 1".into())
        );
        let written = Stamp {
            revision: 2,
            ..stamp
        };
        assert_eq!(
            kept.get(Shelf::Today, written, make).await,
            Ok("copy 2".into())
        );
        let later = Stamp {
            minute: 11,
            ..written
        };
        assert_eq!(
            kept.get(Shelf::Today, later, make).await,
            Ok("copy 3".into())
        );
        // A failure keeps nothing: the next request tries again.
        let fail = async || Err::<Bytes, ()>(());
        let newer = Stamp {
            revision: 3,
            ..later
        };
        assert_eq!(kept.get(Shelf::Today, newer, fail).await, Err(()));
        assert_eq!(
            kept.get(Shelf::Today, newer, make).await,
            Ok("copy 4".into())
        );
    }
}
