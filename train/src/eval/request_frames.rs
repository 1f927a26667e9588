//! Requests written by someone who never saw the reader: a helper agent,
//! asked (2026-12-03) for 40 ways a viewer names one film to a voice remote
//! ("{t}" the title; at most 8 with the word "like") and 40 requests that
//! name no film, with everyday words that might also be titles. Written
//! after the reader's rules for references without a strong cue were
//! committed (a7a5e63) and read only then: eval-query's held-out frames.

/// A frame around a reference title ({t}) and whether its own words ask for
/// no genre ([`NO_GENRE`]): a genre read on such a request comes from the
/// title or from nothing, and filters the answer.
pub type Frame = (&'static str, bool);
/// Its words ask for no genre: no genre name or synonym and no cue such as
/// "funnier", "scarier", "for kids", "set in space", "heist", "darker",
/// "twist", "violent", "faster paced" or "road trip".
pub const NO_GENRE: bool = true;
/// It may ask for one.
pub const ANY: bool = false;

/// The frames' texts, in order.
pub fn texts(frames: &[Frame]) -> Vec<&'static str> {
    frames.iter().map(|f| f.0).collect()
}

/// The texts of the frames that ask for no genre, in order.
pub fn asking_no_genre(frames: &[Frame]) -> Vec<&'static str> {
    frames.iter().filter(|f| f.1 == NO_GENRE).map(|f| f.0).collect()
}

/// Frames around a reference title ({t}), as the helper wrote them. Marked
/// [`NO_GENRE`] by their words on 2026-12-04, after a handful of framed
/// requests had been read by hand ("Ghostbusters but a bit shorter" was read
/// as a Western).
pub const REFERENCE_FRAMES: &[Frame] = &[
    ("something like {t} but funnier", ANY),
    ("scarier than {t}", ANY),
    ("more movies like {t}", NO_GENRE),
    ("i loved {t}, what should i watch next", NO_GENRE),
    ("if i liked {t} what else would i enjoy", NO_GENRE),
    ("anything in the spirit of {t}", NO_GENRE),
    ("something along the lines of {t}", NO_GENRE),
    ("{t} but for kids", ANY),
    ("{t} but set in space", ANY),
    ("we just finished {t}, find us another one", NO_GENRE),
    ("show me films similar to {t}", NO_GENRE),
    ("what's similar to {t}?", NO_GENRE),
    ("i want another {t}", NO_GENRE),
    ("give me something that feels the way {t} felt", NO_GENRE),
    ("anything with the same vibe as {t}", NO_GENRE),
    ("we really enjoyed {t} last night, got anything else", NO_GENRE),
    ("a movie like {t} but less violent", ANY),
    ("{t} was amazing, more of that please", NO_GENRE),
    ("my kids are obsessed with {t}, what else would they watch", ANY),
    ("find me something that's a mix of {t} and a heist film", ANY),
    ("what should i watch after {t}?", NO_GENRE),
    ("recommendations based on {t}", NO_GENRE),
    ("anything by the same director as {t}", NO_GENRE),
    ("movies with the same kind of twist as {t}", ANY),
    ("something darker than {t}", ANY),
    ("{t} meets a road trip movie", ANY),
    ("i'm in the mood for another {t}", NO_GENRE),
    ("what do people who loved {t} watch?", NO_GENRE),
    ("got anything in the same vein as {t}", NO_GENRE),
    ("{t} but a bit shorter", NO_GENRE),
    ("play something that'll scratch the same itch as {t}", NO_GENRE),
    ("a romantic comedy like {t}", ANY),
    ("a horror movie that's as good as {t}", ANY),
    ("something with the same feel as {t} but newer", NO_GENRE),
    ("i've seen {t} like five times, find me something similar", NO_GENRE),
    ("a bit faster paced than {t} please", ANY),
    ("anything that reminds me of {t}", NO_GENRE),
    ("recommend a film for someone who loves {t}", NO_GENRE),
    ("an older movie in the style of {t}", NO_GENRE),
    ("a thriller that keeps you guessing the way {t} did", ANY),
];

/// Requests that name no film, as the helper wrote them.
pub const NO_TITLE_REQUESTS: &[&str] = &[
    "something for a rainy sunday",
    "a feel good movie for friday night",
    "what's good tonight",
    "i want something scary for halloween",
    "a christmas movie for the whole family",
    "something funny, i had a rough day",
    "a love story to watch with my wife",
    "movies set in paris",
    "something to watch in this summer heat",
    "an old western from the fifties",
    "something short, under ninety minutes",
    "a good cry kind of movie",
    "cartoons for a five year old",
    "something with dinosaurs",
    "a movie about a dog",
    "i'm bored, surprise me",
    "a date night movie",
    "something light before bed",
    "a true story about the ocean",
    "an action movie with lots of explosions",
    "black and white classics",
    "something for thanksgiving with the in-laws",
    "a spooky movie but not too gory",
    "films about war",
    "a road trip movie",
    "a space adventure for the kids",
    "something from the eighties",
    "a mystery for a cold winter night",
    "a movie about coming home",
    "what's new this week",
    "something in spanish with subtitles",
    "a musical we can sing along to",
    "a movie about friendship",
    "happy endings only please",
    "something to watch on a lazy saturday morning",
    "a heist movie with a clever twist",
    "something set in new york in the fall",
    "an animated film about a family",
    "a sad movie, i'm feeling blue",
    "anything with a big storm or a flood",
];

/// A second set of frames around a reference title ({t}), written on
/// 2026-12-04 by another helper that never saw the reader (asked for 40, half
/// of them asking for no genre, at most 6 with "like", none repeating the
/// first set), after the LLM reader's genre margin was built and before it
/// was measured on them: the margin's held-out frames. Marked [`NO_GENRE`]
/// as that helper labelled them.
pub const REFERENCE_FRAMES_2: &[Frame] = &[
    ("we saw {t} on saturday, so what's next in line", NO_GENRE),
    ("my wife can't stop talking about {t}, find her a follow-up", NO_GENRE),
    ("put on something for people who adored {t}", NO_GENRE),
    ("okay so {t} is my all time favorite, go", NO_GENRE),
    ("queue up a few picks for fans of {t}", NO_GENRE),
    ("grandma says {t} is the best thing she's ever seen, any follow-ups for her", NO_GENRE),
    ("pick out tonight's movie, we're all fans of {t}", NO_GENRE),
    ("is there anything out there that compares to {t}", NO_GENRE),
    ("line up a worthy successor to {t}", NO_GENRE),
    ("hey, {t} just ended, keep the evening going", NO_GENRE),
    ("can you suggest a couple of titles that {t} fans rave about", NO_GENRE),
    ("play me a movie in the same ballpark as {t}", NO_GENRE),
    ("who else made stuff like {t}", NO_GENRE),
    ("now that i've seen {t} i need a new favorite, help me out", NO_GENRE),
    ("suggest a double feature partner for {t}", NO_GENRE),
    ("roommate's pick was {t}, now it's my turn, surprise me with something close", NO_GENRE),
    ("hey remote, pull up whatever pairs well with {t}", NO_GENRE),
    ("bring up a list of movies fans of {t} also rated highly", NO_GENRE),
    ("we're hosting a movie night and everyone voted for {t}, what else could work", NO_GENRE),
    ("my brother swears by {t}, what would he pick for a second film", NO_GENRE),
    ("{t} was great but i want something with more laughs", ANY),
    ("find me a creepier version of {t}", ANY),
    ("i want the cartoon equivalent of {t}", ANY),
    ("the kids loved {t}, anything else that's safe for an eight year old", ANY),
    ("something as tense as {t} but shorter", ANY),
    ("show me a heist flick with the energy of {t}", ANY),
    ("date night, something romantic in the vein of {t}", ANY),
    ("{t} made me cry, give me another tearjerker", ANY),
    ("got any documentaries about the stuff in {t}", ANY),
    ("i'd like a western that feels like {t}", ANY),
    ("a lighter, sillier take on {t} please", ANY),
    ("what's a space adventure that's as good as {t}", ANY),
    ("recommend a mystery with a twist as wild as {t}", ANY),
    ("play something less violent than {t} for my parents", ANY),
    ("my son just saw {t} at a sleepover and wants more like it", ANY),
    ("need a feel-good pick, something with {t}'s warmth", ANY),
    ("anything with scares on par with {t}", ANY),
    ("a musical version of {t}, does that exist", ANY),
    ("the teenager wants something as action packed as {t}", ANY),
    ("an old black and white classic that inspired {t}", ANY),
];

/// Requests in [`NO_TITLE_REQUESTS`] that ask for no genre (no genre name,
/// synonym or cue such as "scary", "love story", "for the kids", "a good
/// cry", "feel good", "light", "road trip", "friendship" or "happy endings"),
/// labelled by their words on 2026-12-04: development material for the LLM
/// genre margin of requests that name no film (a genre read there is wrong).
pub const NO_TITLE_ASKING_NO_GENRE: &[&str] = &[
    "something for a rainy sunday",
    "what's good tonight",
    "movies set in paris",
    "something to watch in this summer heat",
    "something short, under ninety minutes",
    "i'm bored, surprise me",
    "black and white classics",
    "something from the eighties",
    "what's new this week",
    "something in spanish with subtitles",
    "something to watch on a lazy saturday morning",
    "something set in new york in the fall",
];

/// Requests naming no film, each with the genres it asks for (none: empty),
/// written and labelled on 2026-12-04 by a helper that never saw the reader,
/// the code or any result (asked for 30 asking for genres and 30 asking for
/// none, in the catalogue's genre names), before the no-film genre margin
/// was measured on them: that margin's held-out requests.
pub const NO_TITLE_REQUESTS_2: &[(&str, &[&str])] = &[
    // Asking for one or more genres.
    ("put on a comedy", &["Comedy"]),
    ("something that will make the kids laugh", &["Children's", "Comedy"]),
    ("a movie with spaceships", &["Sci-Fi"]),
    ("cowboys, please. lots of cowboys", &["Western"]),
    ("it's friday night and i want a good scary movie", &["Horror"]),
    ("find me an old black and white detective film", &["Film-Noir", "Mystery"]),
    ("A romantic comedy for date night.", &["Romance", "Comedy"]),
    ("something animated from the nineties", &["Animation"]),
    ("a war movie for my dad, maybe world war two", &["War"]),
    ("show me a documentary about nature", &["Documentary"]),
    ("i want a musical, somthing with lots of singing and dancing", &["Musical"]),
    ("a thriller that keeps me on the edge of my seat", &["Thriller"]),
    ("a heist movie", &["Crime"]),
    ("something with dragons and wizards", &["Fantasy"]),
    ("action movie from the eigthies with lots of explosions", &["Action"]),
    ("I need a sad movie that'll make me cry", &["Drama"]),
    ("a treasure hunt adventure the kids would like", &["Adventure", "Children's"]),
    ("a whodunit please", &["Mystery"]),
    ("a cartoon for my four year old", &["Animation", "Children's"]),
    ("got any good gangster movies?", &["Crime"]),
    ("something with aliens invading earth", &["Sci-Fi"]),
    ("a love story for my parents' anniversary", &["Romance"]),
    ("zombies. lots of zombies.", &["Horror"]),
    ("is there a funny war movie", &["Comedy", "War"]),
    ("a serious courtroom drama, nothing light", &["Drama"]),
    ("an old western from the fifties for grandpa", &["Western"]),
    ("a spy thriller with car chases", &["Thriller", "Action"]),
    ("an animated musical we can all sing along to", &["Animation", "Musical"]),
    ("a documentary about the moon landing", &["Documentary"]),
    ("a creepy haunted house movie, nothing too gory", &["Horror"]),
    // Asking for no genre.
    ("something short, we have to leave at nine", &[]),
    ("what's everyone watching this week", &[]),
    ("just surprise me", &[]),
    ("What's the highest rated movie you've got?", &[]),
    ("a movie under ninety minutes please", &[]),
    ("something from the seventies", &[]),
    ("an old black and white one", &[]),
    ("whats popular right now", &[]),
    ("i've got about two hours before bed, what should i watch", &[]),
    ("we're snowed in, give us a really long one", &[]),
    ("something the critics loved", &[]),
    ("a movie from 1985, the year i was born", &[]),
    ("find me a hidden gem nobody's heard of", &[]),
    ("anything recent with good reviews", &[]),
    ("just play somethin good", &[]),
    ("my roommate and i can't decide, you pick", &[]),
    ("a movie that won a bunch of awards", &[]),
    ("something from the early two thousands", &[]),
    ("what's trending tonight?", &[]),
    ("a classic everyone should see at least once", &[]),
    ("what's new this month", &[]),
    ("something with subtitles, maybe a foreign film", &[]),
    ("give me a random movie, anything", &[]),
    ("the most watched movie this year", &[]),
    ("a movie i havent seen yet", &[]),
    ("something to put on while i fold laundry", &[]),
    ("we have guests coming at seven, find something about an hour and a half long", &[]),
    ("top rated movies from the sixties", &[]),
    ("a movie with a really high audience score", &[]),
    ("it's my day off, recommend me something", &[]),
];

/// Requests written on 2026-12-04 (session 26) by a helper agent that never
/// saw the repository (it was told not to read it and wrote from nothing
/// else), before the reader's conversational adapter was trained; read by
/// nobody before eval-query's run of that adapter: the third held-out
/// frames, with the helper's own labels (asking no genre or not).
pub const REFERENCE_FRAMES_3: &[Frame] = &[
    ("more movies like {t}", NO_GENRE),
    ("something similar to {t}", NO_GENRE),
    ("what should i watch after {t}", NO_GENRE),
    ("Films with the same cast as {t}.", NO_GENRE),
    ("anything from the director of {t}", NO_GENRE),
    ("play the sequel to {t}", NO_GENRE),
    ("Find me something with the same vibe as {t}.", NO_GENRE),
    ("we just finished {t} whats next", NO_GENRE),
    ("if i enjoyed {t} what else would i enjoy", NO_GENRE),
    ("Movies in the same spirit as {t}", NO_GENRE),
    ("show me {t}", NO_GENRE),
    ("is {t} available to rent", NO_GENRE),
    ("Recommend me something along the lines of {t}, please", NO_GENRE),
    ("anything with the same feel as {t} but shorter", NO_GENRE),
    ("more stuff from the people who made {t}", NO_GENRE),
    ("my wife loved {t} find her something else she'd enjoy", NO_GENRE),
    ("Titles comparable to {t}?", NO_GENRE),
    ("whats the prequel to {t}", NO_GENRE),
    ("movies that fans of {t} also watched", NO_GENRE),
    ("something in the same ballpark as {t} but newer", NO_GENRE),
    ("{t} was great, give me more in that vein", NO_GENRE),
    ("Put on something that feels like {t}", NO_GENRE),
    ("another one with the lead actor from {t}", NO_GENRE),
    ("same writer as {t} please", NO_GENRE),
    ("what did people watch next after {t}", NO_GENRE),
    ("{t} but scarier", ANY),
    ("something like {t} but funnier", ANY),
    ("{t} but with way more explosions", ANY),
    ("a cartoon version of {t}", ANY),
    ("{t} except set in outer space", ANY),
    ("A love story in the style of {t}.", ANY),
    ("{t} but for little kids", ANY),
    ("the heist version of {t}", ANY),
    ("a documentary about the real events behind {t}", ANY),
    ("{t} with singing and dancing", ANY),
    ("something with cowboys that has the mood of {t}", ANY),
    ("a whodunit with the same vibe as {t}", ANY),
    ("{t} but set during world war two", ANY),
    ("{t} with wizards and dragons", ANY),
    ("a 1940s noir with the same mood as {t}", ANY),
    ("something that keeps me on the edge of my seat like {t}", ANY),
    ("a tearjerker in the spirit of {t}", ANY),
    ("An epic quest movie similar to {t}", ANY),
    ("{t} but make it a romcom", ANY),
    ("scary space movie along the lines of {t}", ANY),
    ("animated movie for the kids in the spirit of {t}", ANY),
    ("a mob movie with the same grit as {t}", ANY),
    ("{t} but make it a slasher", ANY),
    ("car chases and shootouts, same energy as {t}", ANY),
    ("a battlefield movie from the same era as {t}", ANY),
];

/// The same helper's requests naming no film, with the genres it wrote for
/// each (none: asks for no genre).
pub const NO_TITLE_REQUESTS_3: &[(&str, &[&str])] = &[
    ("whats popular right now", &[]),
    ("something under 90 minutes", &[]),
    ("A good movie for a rainy Sunday.", &[]),
    ("what are people watching tonight", &[]),
    ("pick something for me and my friends", &[]),
    ("Show me the top rated movies of all time", &[]),
    ("a movie from the nineties", &[]),
    ("anything new this week", &[]),
    ("something i can fall asleep to", &[]),
    ("surprise me", &[]),
    ("what won best picture last year", &[]),
    ("a hidden gem nobody's heard of", &[]),
    ("something short i have an hour before bed", &[]),
    ("Movies to watch on a long flight", &[]),
    ("put on something good", &[]),
    ("whats free to watch tonight", &[]),
    ("a movie with subtitles", &[]),
    ("something in french", &[]),
    ("a long movie for a lazy afternoon", &[]),
    ("anything my parents would enjoy too", &[]),
    ("Most watched films this month", &[]),
    ("a classic everyone should see once", &[]),
    ("whats leaving the service soon", &[]),
    ("something to have on while i fold laundry", &[]),
    ("give me a random movie", &[]),
    ("something with lots of jump scares", &["Horror"]),
    ("make me laugh", &["Comedy"]),
    ("I need a good cry tonight", &["Drama"]),
    ("shoot em up flick", &["Action"]),
    ("cowboy movie", &["Western"]),
    ("something with spaceships and aliens", &["Sci-Fi"]),
    ("cartoons for my toddler", &["Animation", "Children's"]),
    ("a sappy love story", &["Romance"]),
    ("true crime doc", &["Crime", "Documentary"]),
    ("a proper whodunit", &["Mystery"]),
    ("a nail-biter with a ticking clock", &["Thriller"]),
    ("movie with songs and big dance numbers", &["Musical"]),
    ("something about soldiers in the trenches", &["War"]),
    ("knights, dragons and magic", &["Fantasy"]),
    ("a moody black and white noir with a femme fatale", &["Film-Noir"]),
    ("a swashbuckling pirate adventure", &["Adventure"]),
    ("real footage about nature, nothing made up", &["Documentary"]),
    ("something with heists and gangsters", &["Crime"]),
    ("spooky but not too gory", &["Horror"]),
    ("a romcom for date night", &["Comedy", "Romance"]),
    ("explosions car chases the works", &["Action"]),
    ("something animated but for grown ups", &["Animation"]),
    ("a funny cartoon the whole family can watch", &["Animation", "Children's", "Comedy"]),
    ("time travel and robots", &["Sci-Fi"]),
    ("dinosaurs and jungle expeditions", &["Adventure"]),
];

/// The fourth held-out requests, written on 2026-12-04 (session 27) by a
/// helper agent told not to read the repository (asked for 50 frames, 25
/// asking no genre, at most 5 with "like", none "something like {t}", no
/// decades; and 50 requests naming no film, 25 asking none), before the
/// reader trained with more wordings (`lora --more-wordings`) existed; less
/// those equal to a request of the earlier sets or of the reader's training
/// (case and punctuation aside: 6 frames, 10 requests). Labels are the
/// helper's; the genres it gave a frame that asks for one are in the comment.
pub const REFERENCE_FRAMES_4: &[Frame] = &[
    ("we loved {t}, what should we watch next?", NO_GENRE),
    ("more movies by whoever directed {t}", NO_GENRE),
    ("anything else with the lead actor from {t}", NO_GENRE),
    ("what comes after {t}", NO_GENRE),
    ("play {t} and then queue up similar ones", NO_GENRE),
    ("find me films that fans of {t} also watched", NO_GENRE),
    ("{t} was great, show me more along those lines", NO_GENRE),
    ("other films from the same director as {t}", NO_GENRE),
    ("who's in {t}, and what else have they been in", NO_GENRE),
    ("recommend me movies similar to {t} but shorter", NO_GENRE),
    ("anything in the same vein as {t} under two hours", NO_GENRE),
    ("my wife keeps talking about {t}, got anything close to it", NO_GENRE),
    ("just finished {t}, give me the next one to watch", NO_GENRE),
    ("movies that people who rated {t} highly also enjoyed", NO_GENRE),
    ("show me the prequel to {t}", NO_GENRE),
    ("same writer as {t}, what else did they do", NO_GENRE),
    ("more in the spirit of {t} please", NO_GENRE),
    ("i want another one exactly like {t}", NO_GENRE),
    ("what's similar to {t} that's streaming right now", NO_GENRE),
    ("{t} again? nah, something close to it instead", NO_GENRE),
    ("pick a movie that pairs well with {t} for a double feature", NO_GENRE),
    ("what else is in the {t} series", NO_GENRE),
    ("recommend titles related to {t} that came out more recently", NO_GENRE),
    ("{t} but with more laughs", ANY), // Comedy
    ("i want a heist movie in the style of {t}", ANY), // Crime|Thriller
    ("{t} meets a cowboy story", ANY), // Western
    ("a love story with the feel of {t}", ANY), // Romance
    ("{t} but for the kids", ANY), // Children's
    ("more war films along the lines of {t}", ANY), // War
    ("a murder mystery that feels similar to {t}", ANY), // Mystery
    ("{t} but with singing and dance numbers", ANY), // Musical
    ("the explosions of {t} but even more fight scenes", ANY), // Action
    ("give me a tearjerker in the vein of {t}", ANY), // Drama
    ("{t} with dragons and wizards", ANY), // Fantasy
    ("a shadowy detective story with a femme fatale, same mood as {t}", ANY), // Film-Noir
    ("{t} but as a nail-biting edge-of-your-seat thriller", ANY), // Thriller
    ("an epic quest in the same spirit as {t}", ANY), // Adventure
    ("{t} but a romantic comedy", ANY), // Romance|Comedy
    ("something creepy that gives the same chills as {t}", ANY), // Horror
    ("robots and aliens, kind of like {t}", ANY), // Sci-Fi
    ("a gangster flick in the style of {t}", ANY), // Crime
    ("{t} but animated and for little ones", ANY), // Animation|Children's
    ("a spy thriller with the pace of {t}", ANY), // Action|Thriller
    ("funny like {t} but with a love story", ANY), // Comedy|Romance
];

/// The same helper's requests naming no film, with the genres it wrote for
/// each (none: asks for no genre).
pub const NO_TITLE_REQUESTS_4: &[(&str, &[&str])] = &[
    ("what's trending this week", &[]),
    ("anything under ninety minutes", &[]),
    ("a movie my parents and i can both watch", &[]),
    ("show me the most highly rated films", &[]),
    ("we have about two hours, what should we put on", &[]),
    ("something for a lazy sunday afternoon", &[]),
    ("a movie to watch with my grandpa", &[]),
    ("anything new that just came out", &[]),
    ("recommend something that won a lot of awards", &[]),
    ("a long movie for a rainy weekend", &[]),
    ("what's good on tonight", &[]),
    ("something my friends and i can watch after dinner", &[]),
    ("top picks for me", &[]),
    ("something with subtitles", &[]),
    ("a quick movie for my lunch break", &[]),
    ("what's the most watched film this month", &[]),
    ("i'm bored, put something on", &[]),
    ("an underrated gem nobody talks about", &[]),
    ("a film to watch on a long flight", &[]),
    ("a good scary movie", &["Horror"]),
    ("cartoons for the kids", &["Animation", "Children's"]),
    ("a shoot-em-up with lots of car chases", &["Action"]),
    ("a real tearjerker", &["Drama"]),
    ("something with cowboys", &["Western"]),
    ("space movies with aliens", &["Sci-Fi"]),
    ("a romantic comedy", &["Romance", "Comedy"]),
    ("a war film about world war two", &["War"]),
    ("a true story documentary", &["Documentary"]),
    ("a gritty crime drama", &["Crime", "Drama"]),
    ("an edge-of-your-seat suspense film", &["Thriller"]),
    ("wizards and magic", &["Fantasy"]),
    ("an old detective movie with shadows and a femme fatale", &["Film-Noir"]),
    ("a treasure hunt adventure", &["Adventure"]),
    ("a love story for tonight", &["Romance"]),
    ("something that'll make the kids laugh", &["Children's", "Comedy"]),
    ("a heist film", &["Crime", "Thriller"]),
    ("zombie movie please", &["Horror"]),
    ("a superhero flick", &["Action", "Adventure"]),
    ("a sci-fi thriller", &["Sci-Fi", "Thriller"]),
    ("a feel-good comedy", &["Comedy"]),
];

/// The fifth set: 40 frames around a film and 30 requests naming none,
/// written on 2026-12-05 (session 28) by a helper agent told not to read the
/// repository or any earlier set, after the soft-genre candidate's second
/// test was pre-registered (docs/eval/soft-llm-genres/README.md), which it
/// decides. Labels are the helper's own: a frame with no genre listed asks
/// for none ([`NO_GENRE`]); the genres it listed are in comments. Dropped
/// before any reader read them, as equal to an earlier set's or a training
/// request (case and punctuation aside): "i'm in the mood for another {t}",
/// "{t} but scarier", "what are people watching tonight", "surprise me",
/// "anything new this week?".
pub const REFERENCE_FRAMES_5: &[Frame] = &[
    ("we just finished {t}, what should we put on next", NO_GENRE),
    ("{t} was great, give me more of that", NO_GENRE),
    ("my wife keeps rewatching {t}, find her something new", NO_GENRE),
    ("anything in the same vein as {t}?", NO_GENRE),
    ("i loved {t}, what else would i enjoy", NO_GENRE),
    ("show me stuff similar to {t}", NO_GENRE),
    ("people who enjoyed {t} also watched what", NO_GENRE),
    ("put on something like {t}", NO_GENRE),
    ("{t} is my all time favorite, recommend me something", NO_GENRE),
    ("we saw {t} at the cinema last week, got anything along those lines", NO_GENRE),
    ("what goes well after {t}", NO_GENRE),
    ("my dad's been talking about {t} all week, find him something he'd enjoy", NO_GENRE),
    ("is there anything close to {t}", NO_GENRE),
    ("same director as {t}? or something in that spirit", NO_GENRE),
    ("not {t} again, something else with that vibe", NO_GENRE),
    ("recommend films for someone who enjoyed {t}", NO_GENRE),
    ("{t} blew me away, what else is out there in that style", NO_GENRE),
    ("we want the next best thing to {t}", NO_GENRE),
    ("can you find more movies in the spirit of {t}", NO_GENRE),
    ("got a western with the feel of {t}?", ANY), // Western
    ("find me something as funny as {t}", ANY), // Comedy
    ("war movie that hits as hard as {t}, please", ANY), // War
    ("i want a {t} type thing but animated", ANY), // Animation
    ("detective story in the style of {t}", ANY), // Mystery
    ("loved {t}, now give me a romance along those lines", ANY), // Romance
    ("same kind of thing as {t} but set in space", ANY), // Sci-Fi
    ("is there a musical version of {t} or something close", ANY), // Musical
    ("{t} with more car chases and explosions", ANY), // Action
    ("the kids need something with the charm of {t}, age appropriate please", ANY), // Children's
    ("thriller that keeps me guessing the way {t} did", ANY), // Thriller
    ("any documentaries about the real story behind {t}", ANY), // Documentary
    ("gangster picture with the grit of {t}", ANY), // Crime
    ("{t} meets wizards and dragons", ANY), // Fantasy
    ("old black-and-white noir in the mood of {t}", ANY), // Film-Noir
    ("need a good cry, something that hits like {t}", ANY), // Drama
    ("big sweeping adventure with the sense of wonder of {t}", ANY), // Adventure
    ("romantic comedy in the spirit of {t}", ANY), // Romance|Comedy
    ("cartoon for the whole family with the heart of {t}", ANY), // Animation|Children's
];

/// The same helper's requests naming no film, with the genres it wrote for
/// each (none: asks for no genre).
pub const NO_TITLE_REQUESTS_5: &[(&str, &[&str])] = &[
    ("something short we can finish before bed", &[]),
    ("what's trending right now", &[]),
    ("pick something for me, i can't decide", &[]),
    ("we've got about two hours, what fits", &[]),
    ("a movie we haven't seen yet", &[]),
    ("what's the highest rated film on here", &[]),
    ("put on a classic from the seventies", &[]),
    ("something with subtitles, french maybe", &[]),
    ("any good films that just got added", &[]),
    ("recommend me something random", &[]),
    ("what's the most popular thing this month", &[]),
    ("something easy to have on in the background", &[]),
    ("something that'll make the whole family laugh", &["Comedy", "Children's"]),
    ("i want to be scared out of my wits", &["Horror"]),
    ("a proper cowboy film", &["Western"]),
    ("date night, something romantic", &["Romance"]),
    ("lots of explosions and fist fights please", &["Action"]),
    ("a cartoon the little ones can watch", &["Animation", "Children's"]),
    ("robots, aliens, the future, that sort of thing", &["Sci-Fi"]),
    ("got a whodunit we can solve along with?", &["Mystery"]),
    ("something about soldiers in the second world war", &["War"]),
    ("edge of my seat suspense please", &["Thriller"]),
    ("show me a real documentary about nature", &["Documentary"]),
    ("good old-fashioned song and dance picture", &["Musical"]),
    ("bank robbers and mob bosses tonight", &["Crime"]),
    ("magic and dragons, something epic", &["Fantasy"]),
    ("moody and serious, something that'll make me think", &["Drama"]),
];


/// Every held-out request the helpers wrote: the four sets' frames and
/// requests naming no film (for tests that keep training data apart from them).
#[cfg(test)]
pub fn every_held_out_request() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = [REFERENCE_FRAMES, REFERENCE_FRAMES_2, REFERENCE_FRAMES_3, REFERENCE_FRAMES_4, REFERENCE_FRAMES_5].iter().flat_map(|f| texts(f)).collect();
    all.extend(NO_TITLE_REQUESTS);
    all.extend(NO_TITLE_REQUESTS_2.iter().chain(NO_TITLE_REQUESTS_3).chain(NO_TITLE_REQUESTS_4).chain(NO_TITLE_REQUESTS_5).map(|r| r.0));
    all
}

/// Whether words (lower case, joined by spaces) have the evaluation's decade
/// frame ("from the eighties").
#[cfg(test)]
pub fn has_decade_frame(words: &str) -> bool {
    ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"].iter().any(|d| words.contains(&format!("from the {d}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_frame_names_one_title_and_no_request_does() {
        assert_eq!((REFERENCE_FRAMES.len(), NO_TITLE_REQUESTS.len()), (40, 40));
        assert!(REFERENCE_FRAMES.iter().all(|f| f.0.matches("{t}").count() == 1));
        assert!(NO_TITLE_REQUESTS.iter().all(|r| !r.contains('{')));
        assert_eq!((asking_no_genre(REFERENCE_FRAMES).len(), asking_no_genre(REFERENCE_FRAMES_2).len()), (26, 20));
        assert_eq!(REFERENCE_FRAMES_2.len(), 40);
        assert!(NO_TITLE_ASKING_NO_GENRE.iter().all(|r| NO_TITLE_REQUESTS.contains(r)));
        assert_eq!(NO_TITLE_REQUESTS_2.len(), 60);
        assert_eq!(NO_TITLE_REQUESTS_2.iter().filter(|r| r.1.is_empty()).count(), 30);
        assert!(NO_TITLE_REQUESTS_2.iter().all(|r| !NO_TITLE_REQUESTS.contains(&r.0)));
        assert!(REFERENCE_FRAMES_2.iter().all(|f| f.0.matches("{t}").count() == 1 && !texts(REFERENCE_FRAMES).contains(&f.0)));
        assert_eq!((REFERENCE_FRAMES_3.len(), asking_no_genre(REFERENCE_FRAMES_3).len(), NO_TITLE_REQUESTS_3.len()), (50, 25, 50));
        assert!(REFERENCE_FRAMES_3.iter().all(|f| f.0.matches("{t}").count() == 1));
        assert!(NO_TITLE_REQUESTS_3.iter().all(|r| !r.0.contains('{')));
        assert_eq!((REFERENCE_FRAMES_4.len(), asking_no_genre(REFERENCE_FRAMES_4).len(), NO_TITLE_REQUESTS_4.len()), (44, 23, 40));
        assert_eq!(NO_TITLE_REQUESTS_4.iter().filter(|r| r.1.is_empty()).count(), 19);
        assert!(REFERENCE_FRAMES_4.iter().all(|f| f.0.matches("{t}").count() == 1));
        assert!(NO_TITLE_REQUESTS_4.iter().all(|r| !r.0.contains('{')));
    }
}
