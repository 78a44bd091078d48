//! Where the database file lives: SQLite's WAL mode needs shared memory between the programs
//! that open a file, which network file systems do not provide, so a database on a network
//! drive gets a warning (see <https://www.sqlite.org/wal.html>, "WAL does not work over a
//! network filesystem").

use std::path::Path;

/// The network file system a database lies on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkDrive {
    /// The file system type (`nfs4`, `cifs`, `fuse.sshfs` …) or `UNC` for a Windows share.
    pub kind: String,
    /// The mount point or share.
    pub mount: String,
}

/// File system types (as `/proc/mounts` names them) that are network drives.
const NETWORK_TYPES: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "fuse.sshfs",
    "sshfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "davfs",
    "fuse.davfs2",
    "fuse.rclone",
    "lustre",
    "gpfs",
    "ncpfs",
    "coda",
];

/// The network drive that holds `path` according to the mount table text `mounts` (the
/// format of `/proc/mounts`): the longest mount point that is a prefix of `path`.
pub(crate) fn network_mount_of(mounts: &str, path: &Path) -> Option<NetworkDrive> {
    let mut best: Option<(usize, String, &str)> = None;
    for line in mounts.lines() {
        let mut fields = line.split_whitespace();
        let (Some(_device), Some(mount), Some(kind)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        let mount_point = unescape(mount);
        if path.starts_with(&mount_point) && best.as_ref().is_none_or(|(len, _, _)| mount_point.len() > *len) {
            best = Some((mount_point.len(), mount_point, kind));
        }
    }
    let (_, mount, kind) = best?;
    NETWORK_TYPES.contains(&kind).then(|| NetworkDrive { kind: kind.to_string(), mount })
}

/// A mount point as `/proc/mounts` writes it, with its octal escapes undone: the kernel
/// writes a space as `\040`, a tab as `\011`, a line break as `\012` and a backslash as
/// `\134`.
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal =
            bytes.get(i + 1..i + 4).filter(|d| bytes[i] == b'\\' && d.iter().all(|b| (b'0'..=b'7').contains(b)));
        match octal.and_then(|d| u8::from_str_radix(std::str::from_utf8(d).ok()?, 8).ok()) {
            Some(byte) => {
                out.push(byte);
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `path` is a Windows share (`\\server\share\…` or `//server/share/…`).
pub(crate) fn unc_share(path: &str) -> Option<NetworkDrive> {
    let rest = path.strip_prefix(r"\\").or_else(|| path.strip_prefix("//"))?;
    // `\\?\C:\…` is a long local path, not a share; `\\?\UNC\server\share` is one.
    let rest = match rest.strip_prefix(r"?\") {
        Some(long) => long.strip_prefix(r"UNC\")?,
        None => rest,
    };
    let mut parts = rest.split(['\\', '/']).filter(|p| !p.is_empty());
    let (server, share) = (parts.next()?, parts.next()?);
    Some(NetworkDrive { kind: "UNC".into(), mount: format!(r"\\{server}\{share}") })
}

/// The network drive the database at `db` lies on, if any: a Windows share by its path, a
/// Linux network mount by `/proc/mounts`. A drive letter mapped to a share is not seen.
pub fn network_drive(db: &Path) -> Option<NetworkDrive> {
    if let Some(share) = unc_share(&db.to_string_lossy()) {
        return Some(share);
    }
    let absolute = db
        .parent()
        .and_then(|p| std::fs::canonicalize(if p.as_os_str().is_empty() { Path::new(".") } else { p }).ok())?;
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    network_mount_of(&mounts, &absolute)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export/office /mnt/office nfs4 rw,vers=4.2 0 0
//nas/talent /mnt/nas\\040share cifs rw 0 0
//nas/odd /mnt/tab\\011and\\134slash\\012end smb3 rw 0 0
user@host:/data /home/clerk/remote fuse.sshfs rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
";

    #[test]
    fn a_database_under_a_network_mount_is_named_with_its_type() {
        let nfs = network_mount_of(MOUNTS, Path::new("/mnt/office/greencard.db"));
        assert_eq!(nfs, Some(NetworkDrive { kind: "nfs4".into(), mount: "/mnt/office".into() }));
        let cifs = network_mount_of(MOUNTS, Path::new("/mnt/nas share/db/greencard.db"));
        assert_eq!(cifs.map(|d| d.kind), Some("cifs".into()));
        let sshfs = network_mount_of(MOUNTS, Path::new("/home/clerk/remote/greencard.db"));
        assert_eq!(sshfs.map(|d| d.kind), Some("fuse.sshfs".into()));
        // A tab, a backslash and a line break in a mount point, as the kernel escapes them.
        let odd = network_mount_of(MOUNTS, Path::new("/mnt/tab\tand\\slash\nend/greencard.db"));
        assert_eq!(odd, Some(NetworkDrive { kind: "smb3".into(), mount: "/mnt/tab\tand\\slash\nend".into() }));
    }

    #[test]
    fn local_disks_and_local_mounts_inside_network_ones_get_no_warning() {
        assert_eq!(network_mount_of(MOUNTS, Path::new("/home/clerk/greencard.db")), None);
        assert_eq!(network_mount_of(MOUNTS, Path::new("/mnt/office/local/greencard.db")), None);
        // A prefix of a name is not a parent folder.
        assert_eq!(network_mount_of(MOUNTS, Path::new("/mnt/officex/greencard.db")), None);
    }

    #[test]
    fn windows_shares_are_found_by_their_path() {
        let share = unc_share(r"\\nas01\talent\greencard.db");
        assert_eq!(share, Some(NetworkDrive { kind: "UNC".into(), mount: r"\\nas01\talent".into() }));
        assert!(unc_share(r"\\?\UNC\nas01\talent\greencard.db").is_some());
        assert_eq!(unc_share(r"\\?\C:\data\greencard.db"), None);
        assert_eq!(unc_share(r"C:\data\greencard.db"), None);
    }
}
