//! The token endpoint's second step as a plain Node-API function.
//!
//! Every other function of the addon goes through napi's generated glue, which
//! per call allocates a scope for borrowed arguments, looks an `External` up in
//! a global table and copies each string twice (once to measure it). On a busy
//! server that glue cost more than the token itself, and the token endpoint is
//! called on every page view of a signed-in visitor. So this one function is
//! written against Node-API directly: its site travels as the function's own
//! data with the room its answers are written in (no allocation per call once
//! warm), its strings are read as UTF-8 into buffers on the stack, and its
//! answer is made in one copy. Like the rest of the addon it only converts,
//! calls the core and converts back.
//!
//! This is the only module of the crate with `unsafe` code. Each block states
//! what it relies on; all of it is Node-API's documented contract.
#![allow(unsafe_code)]

use std::borrow::Cow;
use std::cell::RefCell;
use std::ffi::{c_char, c_void, CStr};
use std::mem::MaybeUninit;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::{mem, ptr};

use chat_autologin::web::{Pending, Site, SiteUser, Text};
use napi::bindgen_prelude::{Env, External, FromNapiValue, Function, Result, Unknown};
use napi::sys;
use napi_derive::napi;

use crate::web::write_answer;

/// The UTF-8 bytes of a string argument read on the stack: most emails and
/// names are shorter; a longer one is read into the heap.
const STACK_BYTES: usize = 256;

/// The most UTF-8 bytes Node writes for one UTF-16 code unit or pair: a
/// string that left more room than this unused was read whole.
const MAX_CHAR_BYTES: usize = 4;

/// What the token function is bound to: a copy of its site, and the room its
/// answers are written in, kept from one call to the next. Node calls the
/// function on its own thread, one call at a time.
struct Bound {
    site: Site,
    rooms: RefCell<Rooms>,
}

/// The token's body, and the answer's string before Node copies it.
#[derive(Default)]
struct Rooms {
    body: Vec<u8>,
    answer: Vec<u8>,
}

/// Returns a function `(pending, email, name) => answer` bound to a copy of the
/// site: `pending` is what `web_token_request` returned, `email` undefined
/// means nobody is signed in, `name` undefined means none was given. The
/// answer is the one string of `web::answer`. A string holding a lone
/// surrogate is passed to the core as not being text, which refuses it.
#[napi(
    catch_unwind,
    ts_return_type = "(pending: number, email?: string, name?: string) => string"
)]
pub fn web_token_answerer<'env>(
    env: &'env Env,
    site: &External<Site>,
) -> Result<Function<'env, Unknown<'env>, String>> {
    let data = Box::into_raw(Box::new(Bound {
        site: Site::clone(site),
        rooms: RefCell::default(),
    }));
    let name = "tokenAnswer";
    let mut function = ptr::null_mut();
    // SAFETY: `env` is the live environment of this call; the name is valid for
    // its length; `data` stays valid until the finalizer below frees it, which
    // Node runs once, when the function has been collected.
    unsafe {
        let status = sys::napi_create_function(
            env.raw(),
            name.as_ptr().cast::<c_char>(),
            name.len() as isize,
            Some(token_answer),
            data.cast::<c_void>(),
            &mut function,
        );
        if status != sys::Status::napi_ok {
            drop(Box::from_raw(data));
            return Err(napi::Error::from_reason(
                "could not create the token function",
            ));
        }
        let status = sys::napi_add_finalizer(
            env.raw(),
            function,
            data.cast::<c_void>(),
            Some(free_site),
            ptr::null_mut(),
            ptr::null_mut(),
        );
        if status != sys::Status::napi_ok {
            // The function exists but can never free its site: leak it rather
            // than free what the function may still use.
            return Err(napi::Error::from_reason(
                "could not create the token function",
            ));
        }
        Function::from_napi_value(env.raw(), function)
    }
}

unsafe extern "C" fn free_site(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the `Box<Bound>` made in `web_token_answerer`, and
    // Node runs this finalizer once.
    drop(unsafe { Box::from_raw(data.cast::<Bound>()) });
}

/// What went wrong in a call, thrown as a JavaScript error.
enum Failure {
    Type(&'static CStr),
    Internal,
}

unsafe extern "C" fn token_answer(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: called by Node with a live `env` and `info`.
        unsafe { answer_call(env, info) }
    }));
    let message = match outcome {
        Ok(Ok(value)) => return value,
        Ok(Err(Failure::Type(message))) => {
            // SAFETY: the message is NUL-terminated.
            unsafe { sys::napi_throw_type_error(env, ptr::null(), message.as_ptr()) };
            return ptr::null_mut();
        }
        Ok(Err(Failure::Internal)) | Err(_) => {
            c"chat-autologin failed internally (tokenAnswer); this is a bug, please report it"
        }
    };
    // SAFETY: both strings are NUL-terminated.
    unsafe { sys::napi_throw_error(env, c"internal_error".as_ptr(), message.as_ptr()) };
    ptr::null_mut()
}

/// # Safety
/// `env` and `info` are those Node passed to the callback.
unsafe fn answer_call(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> std::result::Result<sys::napi_value, Failure> {
    let mut argc = 3usize;
    let mut argv = [ptr::null_mut(); 3];
    let mut data = ptr::null_mut();
    // SAFETY: `argv` has room for `argc` values.
    let status = unsafe {
        sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            &mut data,
        )
    };
    if status != sys::Status::napi_ok || data.is_null() {
        return Err(Failure::Internal);
    }
    // SAFETY: `data` is the `Box<Bound>` this function was created with, alive
    // as long as the function is (see `web_token_answerer`). Missing arguments
    // are `undefined`, which Node writes into `argv`.
    let bound = unsafe { &*data.cast::<Bound>() };
    let mut pending = 0u32;
    // SAFETY: `argv[0]` is a value of this call.
    if unsafe { sys::napi_get_value_uint32(env, argv[0], &mut pending) } != sys::Status::napi_ok {
        return Err(Failure::Type(c"tokenAnswer: pending must be a number"));
    }
    let pending = Pending::from_parts((pending / 2) as usize, pending % 2 == 1);

    let mut email_buffer = Buffer::new();
    let mut name_buffer = Buffer::new();
    // SAFETY: the values are this call's.
    let email = unsafe { read_text(env, argv[1], &mut email_buffer) }?;
    let name = unsafe { read_text(env, argv[2], &mut name_buffer) }?;
    let user = email.map(|email| SiteUser {
        email,
        display_name: name,
    });

    // The kept rooms; fresh ones should a call ever be nested in another.
    let mut kept = bound.rooms.try_borrow_mut().ok();
    let mut fresh = Rooms::default();
    let rooms = kept.as_deref_mut().unwrap_or(&mut fresh);
    let answer = bound
        .site
        .token_answer_in(pending, user, mem::take(&mut rooms.body));
    let out = &mut rooms.answer;
    out.clear();
    write_answer(out, &answer);
    if let Cow::Owned(body) = answer.body {
        rooms.body = body;
    }
    let mut value = ptr::null_mut();
    // SAFETY: `out` is valid for its length. ASCII text is the same in
    // Latin-1, which Node copies without decoding; the core's answers are
    // UTF-8 otherwise.
    let status = unsafe {
        if out.is_ascii() {
            sys::napi_create_string_latin1(env, out.as_ptr().cast(), out.len() as isize, &mut value)
        } else {
            sys::napi_create_string_utf8(env, out.as_ptr().cast(), out.len() as isize, &mut value)
        }
    };
    if status != sys::Status::napi_ok {
        return Err(Failure::Internal);
    }
    Ok(value)
}

/// Room on the stack for a string argument's UTF-8, and in the heap for a
/// longer one (no valid email is) or one that needs a second look.
struct Buffer {
    utf8: [MaybeUninit<u8>; STACK_BYTES],
    heap: String,
}

impl Buffer {
    fn new() -> Buffer {
        Buffer {
            utf8: [MaybeUninit::uninit(); STACK_BYTES],
            heap: String::new(),
        }
    }
}

/// A string argument as the core's text (lossy, and marked so, when it holds
/// a lone surrogate), or `None` for `undefined`.
///
/// Node writes a lone surrogate as U+FFFD: text that holds U+FFFD is read
/// again as UTF-16 to tell the two apart.
///
/// # Safety
/// `value` is a value of the current call on `env`.
unsafe fn read_text<'b>(
    env: sys::napi_env,
    value: sys::napi_value,
    buffer: &'b mut Buffer,
) -> std::result::Result<Option<Text<'b>>, Failure> {
    let mut copied = 0usize;
    // SAFETY: see the function's contract; Node writes at most
    // `STACK_BYTES - 1` bytes and a NUL.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            env,
            value,
            buffer.utf8.as_mut_ptr().cast::<c_char>(),
            STACK_BYTES,
            &mut copied,
        )
    };
    if status == sys::Status::napi_string_expected {
        // Not a string: `undefined`, or the caller's mistake.
        let mut kind = sys::ValueType::napi_undefined;
        // SAFETY: see the function's contract.
        if unsafe { sys::napi_typeof(env, value, &mut kind) } != sys::Status::napi_ok {
            return Err(Failure::Internal);
        }
        return if kind == sys::ValueType::napi_undefined {
            Ok(None)
        } else {
            Err(Failure::Type(
                c"tokenAnswer: the email and the name must be strings",
            ))
        };
    }
    if status != sys::Status::napi_ok {
        return Err(Failure::Internal);
    }
    if copied + MAX_CHAR_BYTES < STACK_BYTES - 1 {
        // SAFETY: Node initialized the first `copied` bytes.
        let bytes =
            unsafe { std::slice::from_raw_parts(buffer.utf8.as_ptr().cast::<u8>(), copied) };
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(Failure::Internal);
        };
        if !text.contains(char::REPLACEMENT_CHARACTER) {
            return Ok(Some(Text::Valid(text)));
        }
    }
    // Possibly cut short, or holding U+FFFD: read it whole, as UTF-16.
    let mut length = 0usize;
    // SAFETY: a null buffer asks for the length only.
    if unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut length) }
        != sys::Status::napi_ok
    {
        return Err(Failure::Internal);
    }
    let mut units = vec![0u16; length + 1];
    // SAFETY: `units` has room for the string and its NUL.
    if unsafe {
        sys::napi_get_value_string_utf16(env, value, units.as_mut_ptr(), units.len(), &mut copied)
    } != sys::Status::napi_ok
    {
        return Err(Failure::Internal);
    }
    units.truncate(copied);
    Ok(Some(match String::from_utf16(&units) {
        Ok(text) => {
            buffer.heap = text;
            Text::Valid(&buffer.heap)
        }
        Err(_) => {
            buffer.heap = String::from_utf16_lossy(&units);
            Text::NotUnicode(&buffer.heap)
        }
    }))
}
