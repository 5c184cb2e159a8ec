//! What an upload is (sniffed from its bytes, never from its name or the
//! client's content type) and its resized web versions.
//!
//! Decoding and resizing run on a blocking thread, at most
//! [`MAX_CONCURRENT_RESIZES`] at a time, with the decoder's memory and
//! dimensions bounded: a decompression bomb (a tiny PNG claiming 50000 ×
//! 50000 pixels) is refused before any pixel is allocated.

use std::io::Cursor;
use std::sync::LazyLock;

use bytes::Bytes;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use tokio::sync::Semaphore;

/// The widths of the web versions. An image narrower than a width gets no
/// version of that width (never upscaled); one narrower than the smallest
/// gets one version at its own width.
pub const VERSION_WIDTHS: [u32; 3] = [320, 800, 1600];
/// The largest side an upload may have.
pub const MAX_SIDE: u32 = 10_000;
/// The decoder's memory bound.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// JPEG quality of the versions: small files, no visible loss on product photos.
const JPEG_QUALITY: u8 = 82;
/// Resizes at once (each may take a core for a moment on a large photo).
pub const MAX_CONCURRENT_RESIZES: usize = 2;

static RESIZES: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(MAX_CONCURRENT_RESIZES));

/// A format merchants may upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    Gif,
    Webp,
}

impl Kind {
    /// The kind the bytes start with, if one of the four.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(Self::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(Self::Png),
            [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some(Self::Gif),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(Self::Webp),
            _ => None,
        }
    }

    /// Its media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
        }
    }

    /// Its file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Gif => "gif",
            Self::Webp => "webp",
        }
    }

    fn format(self) -> ImageFormat {
        match self {
            Self::Jpeg => ImageFormat::Jpeg,
            Self::Png => ImageFormat::Png,
            Self::Gif => ImageFormat::Gif,
            Self::Webp => ImageFormat::WebP,
        }
    }
}

/// The media type of a stored file, from its extension.
pub fn content_type_of(key: &str) -> &'static str {
    match key.rsplit('.').next() {
        Some("jpg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    }
}

/// One resized version, encoded.
#[derive(Debug, Clone)]
pub struct Version {
    pub width: u32,
    pub height: u32,
    pub jpeg: Bytes,
}

/// An upload decoded: its size and its versions.
#[derive(Debug, Clone)]
pub struct Processed {
    pub width: u32,
    pub height: u32,
    pub versions: Vec<Version>,
}

/// Why an upload cannot be used (a 422 for the merchant).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unreadable(pub String);

/// Decodes `bytes` (of `kind`) and makes its versions, off the async runtime.
pub async fn process(kind: Kind, bytes: Bytes) -> Result<Processed, Unreadable> {
    let _permit = RESIZES.acquire().await.map_err(|_| Unreadable("the image service is stopping".to_owned()))?;
    tokio::task::spawn_blocking(move || process_blocking(kind, &bytes))
        .await
        .map_err(|_| Unreadable("the image could not be processed".to_owned()))?
}

/// [`process`] on the current thread.
pub fn process_blocking(kind: Kind, bytes: &[u8]) -> Result<Processed, Unreadable> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|err| match err {
        image::ImageError::Limits(_) => Unreadable(format!("is too large: at most {MAX_SIDE} × {MAX_SIDE} pixels")),
        _ => Unreadable(format!("is not a readable {} image", kind.extension().to_uppercase())),
    })?;
    let (width, height) = (image.width(), image.height());
    if width == 0 || height == 0 {
        return Err(Unreadable("has no pixels".to_owned()));
    }
    let mut widths: Vec<u32> = VERSION_WIDTHS.iter().copied().filter(|w| *w <= width).collect();
    if widths.is_empty() {
        widths.push(width);
    }
    let versions = widths.into_iter().map(|w| resize(&image, w)).collect::<Result<_, _>>()?;
    Ok(Processed { width, height, versions })
}

fn resize(image: &DynamicImage, width: u32) -> Result<Version, Unreadable> {
    let height = ((u64::from(image.height()) * u64::from(width)).div_ceil(u64::from(image.width()))).max(1);
    let height = u32::try_from(height).unwrap_or(u32::MAX);
    let resized = if width == image.width() {
        image.clone()
    } else {
        image.resize_exact(width, height, image::imageops::FilterType::Lanczos3)
    };
    // JPEG has no alpha: transparent parts become white, the storefront's page colour.
    let rgba = resized.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (out, px) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = px.0;
        let blend = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        *out = image::Rgb([blend(r), blend(g), blend(b)]);
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| Unreadable("could not be resized".to_owned()))?;
    Ok(Version { width: rgb.width(), height: rgb.height(), jpeg: Bytes::from(jpeg) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image =
            image::RgbaImage::from_fn(width, height, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 200]));
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).expect("encoding a PNG");
        out.into_inner()
    }

    #[test]
    fn the_four_formats_are_told_by_their_bytes_and_nothing_else_is() {
        assert_eq!(Kind::sniff(&png(2, 2)), Some(Kind::Png));
        assert_eq!(Kind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(Kind::Jpeg));
        assert_eq!(Kind::sniff(b"GIF89a\x01\x00"), Some(Kind::Gif));
        assert_eq!(Kind::sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 "), Some(Kind::Webp));
        for other in
            [&b"<svg xmlns='http://www.w3.org/2000/svg'/>"[..], b"%PDF-1.7", b"", b"\x89PNG", b"RIFF\0\0\0\0WAVE"]
        {
            assert_eq!(Kind::sniff(other), None);
        }
    }

    #[test]
    fn a_large_image_gets_every_width_and_keeps_its_proportions() {
        let done = process_blocking(Kind::Png, &png(2000, 1000)).expect("processed");
        assert_eq!((done.width, done.height), (2000, 1000));
        let sizes: Vec<(u32, u32)> = done.versions.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, vec![(320, 160), (800, 400), (1600, 800)]);
        for version in &done.versions {
            let decoded = image::load_from_memory_with_format(&version.jpeg, ImageFormat::Jpeg).expect("a JPEG");
            assert_eq!((decoded.width(), decoded.height()), (version.width, version.height));
        }
    }

    #[test]
    fn a_small_image_is_never_upscaled() {
        let done = process_blocking(Kind::Png, &png(500, 300)).expect("processed");
        assert_eq!(done.versions.iter().map(|v| v.width).collect::<Vec<_>>(), vec![320]);
        let tiny = process_blocking(Kind::Png, &png(40, 30)).expect("processed");
        assert_eq!(tiny.versions.iter().map(|v| (v.width, v.height)).collect::<Vec<_>>(), vec![(40, 30)]);
    }

    #[test]
    fn truncated_or_bomb_images_are_refused_in_words() {
        let whole = png(100, 100);
        let err = process_blocking(Kind::Png, &whole[..whole.len() / 2]).expect_err("truncated");
        assert!(err.0.contains("not a readable PNG"), "{err}");
        // A PNG header claiming 20000 × 20000 pixels.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let err = process_blocking(Kind::Png, &bomb).expect_err("too large");
        assert!(err.0.contains("too large") || err.0.contains("not a readable"), "{err}");
    }
}
